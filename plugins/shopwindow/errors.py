"""The one base of every error a user can cause: a bad setting, content file, job id, photo, command
argument or message channel. Each message names the file or the setting and the field; the command
prints it and exits 1 (a mistake in the command line itself exits 2).

    ShopwindowError (ValueError)
    ├── SettingsError        settings.py         a SHOPWINDOW key
    ├── ContentError         sources.py          a testimonial's, case's or job's header field
    ├── JobIdError           jobs/model.py       a job id
    ├── StaffError           jobs/staff.py       what staff asked of a job
    ├── ClockError           clock.py            SHOPWINDOW_TODAY / SHOPWINDOW_NOW
    ├── SecretError          access/secret.py    the site secret
    ├── AccessError          access/format.py    an access code or sealed file
    ├── InitError            scaffold            `shopwindow init`
    ├── ChannelError         messages/channels   SHOPWINDOW_NOTIFY
    ├── PublishCommandError  live/publish_command
    ├── PhotoError           photos/pipeline     a photo
    ├── VideoError           photos/video        a clip
    └── MissingExtraError    extras.py           an optional dependency not installed (also ImportError)

Errors that are not the user's (a failed delivery, a bug) are not ShopwindowErrors.
"""


class ShopwindowError(ValueError):
    """Something a user can fix; the message says what and where."""
