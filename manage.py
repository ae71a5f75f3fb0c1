#!/usr/bin/env python
from deiseb.cli import main

if __name__ == "__main__":
    main()
