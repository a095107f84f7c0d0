from casus.cli.main import main

main()
