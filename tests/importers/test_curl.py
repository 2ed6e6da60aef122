"""apigen import curl: commands as providers print them in their docs, imported, checked, built
and (some) called against a local server."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

from apigen.vocabulary import ParameterType
from tests.e2e.support import Form, Json, Wire, assert_wire
from tests.servers.recording import RecordingServer, Reply

from .support import ROOT, apigen, build, check_errors, load

STRIPE_CREATE_CUSTOMER = r"""curl https://api.stripe.com/v1/customers \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d name="Jenny Rosen" \
  --data-urlencode email="jennyrosen@example.com" \
  -d "metadata[order_id]"=6735"""

STRIPE_LIST_CUSTOMERS = r"""curl -G https://api.stripe.com/v1/customers \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d limit=3"""

GITHUB_CREATE_ISSUE = r"""curl -L \
  -X POST \
  -H "Accept: application/vnd.github+json" \
  -H "Authorization: Bearer <YOUR-TOKEN>" \
  -H "X-GitHub-Api-Version: 2022-11-28" \
  https://api.github.com/repos/OWNER/REPO/issues \
  -d '{"title":"Found a bug","body":"I'\''m having a problem with this.","assignees":["octocat"],"milestone":1,"labels":["bug"]}'"""  # noqa: E501 (as printed in the docs)

OPENAI_CHAT = r"""curl https://api.openai.com/v1/chat/completions \
  -H "Content-Type: application/json" \
  -H "Authorization: Bearer $OPENAI_API_KEY" \
  -d '{
    "model": "gpt-4o",
    "messages": [
      {"role": "developer", "content": "You are a helpful assistant."},
      {"role": "user", "content": "Hello!"}
    ]
  }'"""

TWILIO_SEND_SMS = r"""curl -X POST \
"https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" \
--data-urlencode "Body=Hi there" \
--data-urlencode "From=+15557122661" \
--data-urlencode "To=+15558675310" \
-u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"""


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def imported(command: str, collection: str, *extra: str, spec: str = "api.yaml") -> Path:
    run = apigen("import", "curl", spec, "--collection", collection, *extra, "--", command)
    assert run.exit_code == 0, run.stderr
    assert check_errors(Path(spec)) == []
    return Path(spec)


def only_call(spec: Path) -> dict:
    (collection,) = load(spec)["collections"]
    (call,) = collection["calls"]
    return call


def test_stripe_form_command_gives_basic_auth_and_typed_form_parameters() -> None:
    spec = imported(STRIPE_CREATE_CUSTOMER, "Stripe")
    collection = load(spec)["collections"][0]
    assert collection["base_url"] == "https://api.stripe.com/v1"
    assert collection["auth"] == {
        "type": "basic",
        "username_env": "STRIPE_API_KEY",
        "password_env": "STRIPE_PASSWORD",
    }
    assert only_call(spec) == {
        "name": "Create customer",
        "use_as": "action",
        "method": "POST",
        "path": "/customers",
        "parameters": [
            {"name": "name", "in": "body", "example": "Jenny Rosen"},
            {"name": "metadata[order_id]", "in": "body", "type": "integer", "example": 6735},
            {"name": "email", "in": "body", "example": "jennyrosen@example.com"},
        ],
        "body_format": "form",
    }
    assert "sk_test" not in spec.read_text()


def test_the_command_says_which_variables_to_set() -> None:
    run = apigen(
        "import", "curl", "api.yaml", "--collection", "Stripe", "--", STRIPE_CREATE_CUSTOMER
    )
    assert "STRIPE_API_KEY: HTTP basic user name" in run.stdout
    assert "STRIPE_PASSWORD: HTTP basic password (the command sends an empty one" in run.stdout
    assert "added call 'Create customer' to collection 'Stripe' in api.yaml" in run.stdout


def test_get_sends_data_as_query_and_ids_become_path_parameters() -> None:
    imported(STRIPE_CREATE_CUSTOMER, "Stripe")
    imported(STRIPE_LIST_CUSTOMERS, "Stripe")
    spec = imported(
        "curl https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib -u sk_test_x:", "Stripe"
    )
    listed, got = load(spec)["collections"][0]["calls"][1:]
    assert listed["name"] == "List customers"
    assert listed["parameters"] == [
        {"name": "limit", "in": "query", "type": "integer", "example": 3}
    ]
    assert got["path"] == "/customers/{customer_id}"
    assert got["parameters"] == [
        {"name": "customer_id", "in": "path", "example": "cus_NffrFeUfNV2Hib"}
    ]


def test_github_command_is_built_and_sends_what_the_docs_show(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec = imported(GITHUB_CREATE_ISSUE, "GitHub", "--name", "Create an issue")
    call = only_call(spec)
    assert call["path"] == "/repos/{owner}/{repo}/issues"
    assert call["headers"] == {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    assert load(spec)["collections"][0]["auth"]["prefix"] == "Bearer "
    package = build(spec, tmp_path / "built")
    recording_server.route("POST", "/repos/octo/hello/issues", Reply.json({"id": 1}, status=201))
    with package.GitHubClient(base_url=recording_server.url, github_api_key="tok") as client:
        client.create_an_issue(
            owner="octo",
            repo="hello",
            title="Broken",
            body="Steps",
            assignees=["ada"],
            milestone=2,
            labels=["bug"],
        )
    assert_wire(
        recording_server.last,
        Wire(
            "POST",
            "/repos/octo/hello/issues",
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "Authorization": "Bearer tok",
                "Content-Type": "application/json",
            },
            body=Json(
                {
                    "title": "Broken",
                    "body": "Steps",
                    "assignees": ["ada"],
                    "milestone": 2,
                    "labels": ["bug"],
                }
            ),
        ),
    )


def test_openai_command_reads_the_key_from_the_variable_the_docs_use(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec = imported(OPENAI_CHAT, "OpenAI", "--name", "Create chat completion")
    assert load(spec)["collections"][0]["auth"]["env"] == "OPENAI_API_KEY"
    call = only_call(spec)
    names = [p["name"] for p in call["parameters"]]
    assert names == ["model", "role", "content", "messages.role", "messages.content"]
    package = build(spec, tmp_path / "built")
    recording_server.route("POST", "/chat/completions", Reply.json({"id": "c1"}))
    with package.OpenAiClient(base_url=recording_server.url, openai_api_key="k") as client:
        client.create_chat_completion(
            model="m",
            role="system",
            content="Be brief.",
            messages_role="user",
            messages_content="Hi",
        )
    sent = recording_server.last
    assert sent.header("Authorization") == "Bearer k"
    assert sent.json() == {
        "model": "m",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
    }


def test_twilio_command_binds_shell_variables_and_sends_a_form(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec = imported(TWILIO_SEND_SMS, "Twilio", "--name", "Send message")
    collection = load(spec)["collections"][0]
    assert collection["base_url"] == "https://api.twilio.com/2010-04-01"
    assert collection["auth"] == {
        "type": "basic",
        "username_env": "TWILIO_ACCOUNT_SID",
        "password_env": "TWILIO_AUTH_TOKEN",
    }
    call = only_call(spec)
    assert call["path"] == "/Accounts/{twilio_account_sid}/Messages.json"
    package = build(spec, tmp_path / "built")
    recording_server.route("POST", "/Accounts/AC1/Messages.json", Reply.json({"sid": "SM1"}))
    with package.TwilioClient(
        base_url=recording_server.url, twilio_account_sid="AC1", twilio_auth_token="t"
    ) as client:
        client.send_message(twilio_account_sid="AC1", body="Hi", from_="+1", to="+2")
    assert_wire(
        recording_server.last,
        Wire(
            "POST",
            "/Accounts/AC1/Messages.json",
            headers={
                "Accept": "*/*",
                "Authorization": "Basic QUMxOnQ=",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=Form([("Body", "Hi"), ("From", "+1"), ("To", "+2")]),
        ),
    )


def test_adding_to_an_existing_spec_keeps_every_byte_written_before(workdir: Path) -> None:
    shutil.copytree(ROOT / "examples" / "crm", workdir / "crm")
    spec = workdir / "crm" / "apigen.yaml"
    before = spec.read_text()
    command = (
        "curl -H 'Authorization: Bearer $ACME_API_KEY' "
        "'https://api.acme.example/v1/contacts/c_123/notes?limit=5'"
    )
    run = apigen("import", "curl", str(spec), "--collection", "Acme CRM", "--", command)
    assert run.exit_code == 0, run.stderr
    after = spec.read_text()
    assert after.startswith(before.rstrip("\n"))
    assert check_errors(spec) == []
    added = load(spec)["collections"][0]["calls"][-1]
    # c_123 is where the collection's paths have {contact_id}: the same name is used.
    assert added["path"] == "/contacts/{contact_id}/notes"
    assert {"name": "contact_id", "in": "path", "example": "c_123"} in added["parameters"]
    assert "auth" not in after[len(before) :]  # the collection's own auth fits: nothing added
    assert "ACME_API_KEY" in run.stdout


def test_a_second_credential_becomes_a_private_parameter(workdir: Path) -> None:
    imported("curl https://api.acme.example/v1/items -H 'Authorization: Bearer abc'", "Acme")
    run = apigen(
        "import",
        "curl",
        "api.yaml",
        "--collection",
        "Acme",
        "--",
        "curl https://api.acme.example/v1/items/1 -H 'X-Api-Key: abcdef'",
    )
    assert run.exit_code == 0, run.stderr
    assert run.warnings() == ["W612"]
    call = load(Path("api.yaml"))["collections"][0]["calls"][1]
    assert {"name": "X-Api-Key", "in": "header", "private": True, "env": "ACME_X_API_KEY"} in call[
        "parameters"
    ]
    assert "abcdef" not in Path("api.yaml").read_text()


def test_credentials_in_the_url_become_basic_auth() -> None:
    spec = imported("curl https://ada:s3cret@api.acme.example/v1/me", "Acme")
    assert load(spec)["collections"][0] == {
        "name": "Acme",
        "base_url": "https://api.acme.example/v1",
        "auth": {"type": "basic", "username_env": "ACME_USERNAME", "password_env": "ACME_PASSWORD"},
        "calls": [{"name": "List me", "use_as": "data", "method": "GET", "path": "/me"}],
    }
    assert "s3cret" not in spec.read_text()


def test_command_from_standard_input_and_as_words() -> None:
    run = apigen("import", "curl", "a.yaml", "--collection", "Acme", "--", "-", input=OPENAI_CHAT)
    assert run.exit_code == 0, run.stderr
    words = ["curl", "https://api.acme.example/v1/ping", "-H", "Accept: text/plain"]
    run = apigen("import", "curl", "b.yaml", "--collection", "Acme", "--", *words)
    assert run.exit_code == 0, run.stderr
    assert only_call(Path("b.yaml"))["headers"] == {"Accept": "text/plain"}


def test_options_that_change_nothing_pass_and_others_are_reported() -> None:
    run = apigen(
        "import",
        "curl",
        "api.yaml",
        "--collection",
        "Acme",
        "--",
        "curl -sSL --compressed -k https://api.acme.example/v1/ping",
    )
    assert run.exit_code == 0, run.stderr
    assert run.warnings() == ["W601"]
    assert "`-k` is not used" in run.stdout


def test_a_body_read_from_a_file_is_reported() -> None:
    run = apigen(
        "import",
        "curl",
        "api.yaml",
        "--collection",
        "Acme",
        "--",
        "curl -X POST https://api.acme.example/v1/upload -d @payload.json "
        "-H 'Content-Type: application/json'",
    )
    assert run.exit_code == 0, run.stderr
    assert run.warnings() == ["W602"]


def test_a_url_outside_the_collection_is_refused_and_nothing_is_written() -> None:
    imported("curl https://api.acme.example/v1/items", "Acme")
    before = Path("api.yaml").read_text()
    run = apigen(
        "import", "curl", "api.yaml", "--collection", "Acme", "--", "curl https://other.example/x"
    )
    assert run.exit_code == 1
    assert "[W603]" in run.stderr and "not under the collection's base_url" in run.stderr
    assert Path("api.yaml").read_text() == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("curl -H 'Accept: x'", "the command has no URL"),
        ("curl 'https://api.acme.example/v1/x", "unclosed quote"),
        ("curl ftp://files.example/x", "is not an absolute http(s) URL"),
        ("curl -X POST https://a.example/x -d '<xml/>'", "neither JSON nor name=value pairs"),
        (
            "curl https://a.example/x -H 'Content-Type: application/json' -d '{bad'",
            "not valid JSON",
        ),
    ],
)
def test_commands_that_cannot_be_imported_write_nothing(command: str, message: str) -> None:
    run = apigen("import", "curl", "api.yaml", "--collection", "Acme", "--", command)
    assert run.exit_code == 1
    assert message in run.stderr
    assert not Path("api.yaml").exists()


def test_a_call_name_that_exists_is_refused() -> None:
    imported("curl https://api.acme.example/v1/items", "Acme")
    run = apigen(
        "import",
        "curl",
        "api.yaml",
        "--collection",
        "Acme",
        "--",
        "curl https://api.acme.example/v1/items",
    )
    assert run.exit_code == 1
    assert "already has a call named 'List items'" in run.stderr


def test_long_options_as_github_prints_them() -> None:
    command = r"""curl --request GET \
--url "https://api.github.com/repos/OWNER/REPO/releases?per_page=30" \
--header "Accept: application/vnd.github+json" \
--header "Authorization: Bearer <YOUR-TOKEN>" \
--header "X-GitHub-Api-Version: 2022-11-28" """
    spec = imported(command, "GitHub")
    call = only_call(spec)
    assert (call["name"], call["path"]) == ("List repos releases", "/repos/{owner}/{repo}/releases")
    assert call["parameters"][-1] == {
        "name": "per_page",
        "in": "query",
        "type": "integer",
        "example": 30,
    }
    assert load(spec)["collections"][0]["auth"]["env"] == "GITHUB_API_KEY"


def test_multipart_form_and_json_options() -> None:
    upload = r"""curl https://api.openai.com/v1/files \
  -H "Authorization: Bearer $OPENAI_API_KEY" \
  -F purpose="fine-tune" \
  -F file="@mydata.jsonl" """
    run = apigen("import", "curl", "api.yaml", "--collection", "OpenAI", "--", upload)
    assert run.exit_code == 0, run.stderr
    call = only_call(Path("api.yaml"))
    assert call["body_format"] == "multipart"
    if "file" in get_args(ParameterType):
        assert call["parameters"][-1] == {"name": "file", "in": "body", "type": "file"}
        assert run.warnings() == []
    else:
        assert call["parameters"] == [{"name": "purpose", "in": "body", "example": "fine-tune"}]
        assert run.warnings() == ["W602"]
    spec = imported(
        """curl --json '{"input": "Hi", "n": 2}' https://api.acme.example/v1/embeddings""",
        "Acme",
        spec="b.yaml",
    )
    call = only_call(spec)
    assert (call["method"], call["body"]) == ("POST", '{\n  "input": "<input>",\n  "n": <n>\n}')
