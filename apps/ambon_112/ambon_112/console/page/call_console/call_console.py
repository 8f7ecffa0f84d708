"""The call console (/app/call-console): one screen from ring to units dispatched, keyboard first.

For 112 Operator and 112 Supervisor only (the Page's roles; every endpoint checks again, see
ambon_112.api.console). Its data and actions go through ambon_112.api.console and the call form's
own endpoints (api/intake.py); realtime brings ringing calls (ambon112_incoming_call, to the
operator) and callback tasks (ambon112_callback_queue, to operators on duty).
"""
