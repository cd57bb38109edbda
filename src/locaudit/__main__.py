from locaudit.cli import main

main()
