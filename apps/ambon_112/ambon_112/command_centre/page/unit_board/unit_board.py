"""The unit board page (/app/unit-board) of the command centre.

Its data comes from ambon_112.api.unit_board.get_board_data; it reloads when the server
publishes ambon112_board_changed to the Emergency Unit doctype room (see dispatch/notify.py).
"""
