from deiseb.cli import main

main()
