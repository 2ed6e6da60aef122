from apigen.cli import main

main()
