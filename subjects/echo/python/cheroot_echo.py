# Echo server on cheroot (CherryPy's HTTP server) with the WSGI echo of wsgi_echo.py; usage: cheroot_echo.py PORT.
import sys
from cheroot import wsgi
from wsgi_echo import app

if __name__ == '__main__':
    wsgi.Server(('127.0.0.1', int(sys.argv[1])), app).safe_start()
