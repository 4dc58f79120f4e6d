"""The fake bugzilla.mozilla.org server: BMO's response shapes, its errors and failure modes, request recording."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests
from bmo_data import (
    FENMOOR,
    HARROWGATE,
    NEEDINFO_TYPE_ID,
    QUILLON,
    REVIEWER,
    add_sample_incidents,
    attachment,
    bmo_time,
    bug,
    comment,
    needinfo,
    user,
)
from fake_bmo import DOCUMENTATION, FakeBMO

JSON = "application/json; charset=UTF-8"
UA = "irlint-tests/1.0 (+https://example.invalid/irlint)"


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A session that never consults proxy settings from the environment."""
    session = requests.Session()
    session.trust_env = False
    session.headers["User-Agent"] = UA
    yield session
    session.close()


@pytest.fixture
def bmo(fake_bmo: FakeBMO) -> FakeBMO:
    """The fake with the three sample incidents (1900001 open, 1900002 fixed, 1900003 unconfirmed)."""
    add_sample_incidents(fake_bmo)
    return fake_bmo


def get(http: requests.Session, fake: FakeBMO, path: str, params=None, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 5)
    return http.get(fake.url + path, params=params, **kwargs)


def assert_error(response: requests.Response, status: int, code: int, message: str | None = None) -> dict:
    assert response.status_code == status
    assert response.headers["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"error", "code", "message", "documentation"}
    assert body["error"] is True and body["code"] == code and body["documentation"] == DOCUMENTATION
    if message is not None:
        assert body["message"] == message
    return body


# -- the server ---------------------------------------------------------------------------------------------------


def test_url_is_loopback_without_trailing_slash(fake_bmo: FakeBMO) -> None:
    assert fake_bmo.url.startswith("http://127.0.0.1:") and not fake_bmo.url.endswith("/")


def test_close_stops_the_server(http: requests.Session) -> None:
    with FakeBMO() as fake:
        assert get(http, fake, "/rest/time").status_code == 200
        url = fake.url
    with pytest.raises(requests.ConnectionError):
        http.get(url + "/rest/time", timeout=2)
    fake.close()  # closing twice is harmless


def test_requests_are_recorded(bmo: FakeBMO, http: requests.Session) -> None:
    get(http, bmo, "/rest/time")
    get(http, bmo, "/rest/bug/1900001/comment", [("ids", "1900002"), ("ids", "1900003"), ("new_since", "")],
        headers={"X-BUGZILLA-API-KEY": "k3y"})
    http.post(bmo.url + "/rest/bug", json={"x": 1}, timeout=5)

    assert [(r.method, r.path) for r in bmo.requests] == [
        ("GET", "/rest/time"), ("GET", "/rest/bug/1900001/comment"), ("POST", "/rest/bug")]
    rec = bmo.requests[1]
    assert rec.query == {"ids": ["1900002", "1900003"], "new_since": [""]}
    assert rec.target == "/rest/bug/1900001/comment?ids=1900002&ids=1900003&new_since="
    assert rec.param("ids") == "1900002" and rec.param("nope") is None
    assert rec.headers["x-bugzilla-api-key"] == rec.headers["X-BUGZILLA-API-KEY"] == "k3y"
    assert rec.headers["user-agent"] == UA and "X-Bugzilla-Api-Key" in rec.headers
    assert "x-bugzilla-api-key" not in bmo.requests[0].headers
    assert bmo.last is bmo.requests[-1]
    assert bmo.count() == 3 and bmo.count("/rest/bug") == 2 and bmo.count("/rest/bug/") == 1
    assert bmo.count("/rest/time") == 1 and bmo.count("/rest/nothing") == 0


def test_percent_encoded_paths_and_params_are_decoded(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug", {"product": "CA Program", "component": "CA Certificate Compliance",
                                            "include_fields": "id"})
    assert response.json() == {"bugs": [{"id": 1900001}, {"id": 1900002}, {"id": 1900003}]}
    assert bmo.last.query["product"] == ["CA Program"]


def test_keep_alive_connections_are_reused(bmo: FakeBMO, http: requests.Session) -> None:
    for _ in range(3):
        assert get(http, bmo, "/rest/time").status_code == 200
    assert bmo.count("/rest/time") == 3


# -- /rest/time ---------------------------------------------------------------------------------------------------


def test_time_shape_and_settable_clock(fake_bmo: FakeBMO, http: requests.Session) -> None:
    fake_bmo.now = datetime(2026, 3, 1, 12, 30, 5)
    response = get(http, fake_bmo, "/rest/time")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    assert response.json() == {"db_time": "2026-03-01T12:30:05Z", "web_time": "2026-03-01T12:30:05Z",
                               "web_time_utc": "2026-03-01T12:30:05Z", "tz_name": "UTC", "tz_offset": "+0000",
                               "tz_short_name": "UTC"}
    fake_bmo.now = datetime(2026, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert get(http, fake_bmo, "/rest/time").json()["db_time"] == "2026-03-01T12:00:00Z"
    assert fake_bmo.rate_limited_count == 0


def test_time_follows_the_wall_clock_by_default(fake_bmo: FakeBMO, http: requests.Session) -> None:
    served = datetime.strptime(get(http, fake_bmo, "/rest/time").json()["db_time"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(served.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(seconds=5)


# -- Bug.get ------------------------------------------------------------------------------------------------------


def test_bug_get_shape(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug/1900001")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"bugs", "faults"} and body["faults"] == []
    [got] = body["bugs"]
    assert got["id"] == 1900001 and got["product"] == "CA Program"
    assert got["component"] == "CA Certificate Compliance"
    assert got["status"] == "ASSIGNED" and got["resolution"] == "" and got["is_open"] is True
    assert got["creator"] == HARROWGATE
    assert got["creator_detail"] == {"id": got["creator_detail"]["id"], "real_name": "Harrowgate Trust Services "
                                     "Compliance", "nick": "ops", "name": HARROWGATE, "email": HARROWGATE}
    assert got["comment_count"] == 3  # set by add_bug from the comments
    [flag] = got["flags"]
    assert flag["name"] == "needinfo" and flag["status"] == "?" and flag["requestee"] == HARROWGATE


def test_bug_get_include_and_exclude_fields(bmo: FakeBMO, http: requests.Session) -> None:
    [got] = get(http, bmo, "/rest/bug/1900002",
                {"include_fields": "summary,assigned_to,status,resolution"}).json()["bugs"]
    assert set(got) == {"summary", "assigned_to", "assigned_to_detail", "status", "resolution"}
    assert got["assigned_to_detail"]["email"] == FENMOOR and got["resolution"] == "FIXED"

    [got] = get(http, bmo, "/rest/bug/1900002", [("include_fields", "id"), ("include_fields", "creator,nonsense")]
                ).json()["bugs"]
    assert set(got) == {"id", "creator", "creator_detail"}

    [got] = get(http, bmo, "/rest/bug/1900002", {"include_fields": "_default", "exclude_fields": "cc,flags"}
                ).json()["bugs"]
    assert "cc" not in got and "cc_detail" not in got and "flags" not in got and "summary" in got

    [got] = get(http, bmo, "/rest/bug/1900002", {"include_fields": "id,summary", "exclude_fields": "summary"}
                ).json()["bugs"]
    assert got == {"id": 1900002}


def test_bug_get_unknown_is_101(bmo: FakeBMO, http: requests.Session) -> None:
    assert_error(get(http, bmo, "/rest/bug/42"), 404, 101, "Bug 42 does not exist.")


def test_bug_get_private_is_102(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.set_private(1900003)
    assert_error(get(http, bmo, "/rest/bug/1900003"), 401, 102,
                 "You are not authorized to access bug 1900003. To see this bug, you must first log in to an "
                 "account with the appropriate permissions.")
    assert_error(get(http, bmo, "/rest/bug/1900003", headers={"X-BUGZILLA-API-KEY": "k"}), 401, 102,
                 "You are not authorized to access bug 1900003.")


def test_bug_get_merges_ids_and_permissive_faults(bmo: FakeBMO, http: requests.Session) -> None:
    body = get(http, bmo, "/rest/bug/1900001", [("ids", "1900002"), ("ids", "1900001"), ("include_fields", "id")]
               ).json()
    assert body == {"bugs": [{"id": 1900001}, {"id": 1900002}], "faults": []}
    assert_error(get(http, bmo, "/rest/bug/1900001", {"ids": "77"}), 404, 101, "Bug 77 does not exist.")
    body = get(http, bmo, "/rest/bug/1900001", {"ids": "77", "permissive": "1", "include_fields": "id"}).json()
    assert body == {"bugs": [{"id": 1900001}],
                    "faults": [{"id": "77", "faultString": "Bug 77 does not exist.", "faultCode": 101}]}


def test_bug_get_by_alias(fake_bmo: FakeBMO, http: requests.Session) -> None:
    fake_bmo.add_bug(bug(1900010, alias="harrowgate-crl"))
    assert get(http, fake_bmo, "/rest/bug/harrowgate-crl", {"include_fields": "id"}).json()["bugs"] == [
        {"id": 1900010}]


# -- Bug.search ---------------------------------------------------------------------------------------------------


def ids_of(response: requests.Response) -> list[int]:
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"bugs"}  # no "faults" on search
    return [b["id"] for b in body["bugs"]]


def test_search_by_id_omits_missing_and_private(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.set_private(1900002)
    assert ids_of(get(http, bmo, "/rest/bug", {"id": "1900001,1900002,1900003,5"})) == [1900001, 1900003]
    assert ids_of(get(http, bmo, "/rest/bug", [("id", "1900003"), ("id", "1900001")])) == [1900001, 1900003]
    assert ids_of(get(http, bmo, "/rest/bug", {"id": "5"})) == []


def test_search_default_fields_and_include_fields(bmo: FakeBMO, http: requests.Session) -> None:
    rows = get(http, bmo, "/rest/bug", {"id": "1900002"}).json()["bugs"]
    assert rows == get(http, bmo, "/rest/bug/1900002").json()["bugs"]
    rows = get(http, bmo, "/rest/bug", {"id": "1900002", "include_fields": "_default"}).json()["bugs"]
    assert rows == get(http, bmo, "/rest/bug/1900002").json()["bugs"]
    rows = get(http, bmo, "/rest/bug", {"id": "1900002", "include_fields": "id,summary,creation_time,status,"
                                        "resolution,whiteboard,creator"}).json()["bugs"]
    assert set(rows[0]) == {"id", "summary", "creation_time", "status", "resolution", "whiteboard", "creator",
                            "creator_detail"}
    rows = get(http, bmo, "/rest/bug", {"id": "1900002", "include_fields": "id,last_change_time"}).json()["bugs"]
    assert rows == [{"id": 1900002, "last_change_time": "2025-12-20T17:45:00Z"}]


def test_search_product_component_status(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.add_bug(bug(1900004, product="Firefox", component="Security"))
    assert ids_of(get(http, bmo, "/rest/bug", {"product": "CA Program"})) == [1900001, 1900002, 1900003]
    assert ids_of(get(http, bmo, "/rest/bug", {"component": "Security"})) == [1900004]
    assert ids_of(get(http, bmo, "/rest/bug", {"product": "CA Program", "status": "__open__"})) == [1900001,
                                                                                                  1900003]
    assert ids_of(get(http, bmo, "/rest/bug", {"status": "__closed__"})) == [1900002]
    assert ids_of(get(http, bmo, "/rest/bug", [("status", "UNCONFIRMED"), ("status", "RESOLVED")])) == [
        1900002, 1900003]
    assert ids_of(get(http, bmo, "/rest/bug", {"bug_status": "ASSIGNED", "component": "Security"})) == [1900004]
    assert ids_of(get(http, bmo, "/rest/bug", {"product": "CA program"})) == []  # exact


def test_search_whiteboard_is_allwordssubstr(bmo: FakeBMO, http: requests.Session) -> None:
    def wb(value: str) -> list[int]:
        return ids_of(get(http, bmo, "/rest/bug", {"whiteboard": value}))

    assert wb("[ca-compliance]") == [1900001, 1900002]
    assert wb("crl-failure [CA-COMPLIANCE]") == [1900001]  # every word, any order, case-insensitive
    assert wb("ocsp,compliance") == [1900002]  # commas split words too
    assert wb("[ca-compliance] missing-word") == []
    assert ids_of(get(http, bmo, "/rest/bug", {"whiteboard": "compliance] [crl",
                                               "status_whiteboard_type": "substring"})) == [1900001]


def test_search_time_criteria_are_at_or_after(bmo: FakeBMO, http: requests.Session) -> None:
    def ids(**params: str) -> list[int]:
        return ids_of(get(http, bmo, "/rest/bug", params))

    assert ids(last_change_time="2026-01-10T12:00:00Z") == [1900001, 1900003]  # boundary is included
    assert ids(last_change_time="2026-01-10T12:00:01Z") == [1900003]
    assert ids(creation_time="2026-01-05T09:00:00Z") == [1900001, 1900003]
    assert ids(creation_time="2026-01-06") == [1900003]
    assert_error(get(http, bmo, "/rest/bug", {"creation_time": "yesterday-ish"}), 400, 56)


def test_search_count_only(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug", {"product": "CA Program", "count_only": "1", "limit": "1"})
    assert response.json() == {"bug_count": 3}
    assert get(http, bmo, "/rest/bug", {"status": "__closed__", "count_only": "1"}).json() == {"bug_count": 1}


def test_search_paging_and_order(fake_bmo: FakeBMO, http: requests.Session) -> None:
    for bug_id in (1900005, 1900002, 1900004, 1900001, 1900003):
        fake_bmo.add_bug(bug(bug_id, last_change_time=f"2026-02-0{bug_id % 10}T00:00:00Z"))

    def page(**params: str) -> list[int]:
        return ids_of(get(http, fake_bmo, "/rest/bug", {"include_fields": "id", **params}))

    assert page() == [1900005, 1900002, 1900004, 1900001, 1900003]  # no (known) order: insertion order
    assert page(order="creation_time asc") == [1900005, 1900002, 1900004, 1900001, 1900003]  # unknown column
    assert page(order="bug_id") == [1900001, 1900002, 1900003, 1900004, 1900005]
    assert page(order="bug_id DESC") == [1900005, 1900004, 1900003, 1900002, 1900001]
    assert page(order="changeddate desc,bug_id") == [1900005, 1900004, 1900003, 1900002, 1900001]
    assert page(order="bug_id", limit="2", offset="0") == [1900001, 1900002]
    assert page(order="bug_id", limit="2", offset="2") == [1900003, 1900004]
    assert page(order="bug_id", limit="2", offset="4") == [1900005]
    assert page(order="bug_id", limit="2", offset="6") == []
    assert page(order="bug_id", limit="0", offset="3") == [1900001, 1900002, 1900003, 1900004, 1900005]
    assert_error(get(http, fake_bmo, "/rest/bug", {"offset": "2"}), 400, 50,
                 "The function Bug.search requires a limit argument, and that argument was not set.")
    assert_error(get(http, fake_bmo, "/rest/bug", {"limit": "ten"}), 400, 52)


def test_search_is_capped_at_10000(fake_bmo: FakeBMO, http: requests.Session) -> None:
    for bug_id in range(1, 10_002):  # lean rows: the fake serves whatever BMO-shaped dicts it is given
        fake_bmo.add_bug({"id": bug_id, "status": "NEW", "is_open": True})

    def count(**params: str) -> int:
        return len(get(http, fake_bmo, "/rest/bug", {"include_fields": "id", "order": "bug_id", **params}
                       ).json()["bugs"])

    assert count() == 10_000
    assert count(limit="0") == 10_000
    assert count(limit="20000") == 10_000
    assert count(limit="10000", offset="10000") == 1
    assert count(limit="5000", offset="9000") == 1001
    assert get(http, fake_bmo, "/rest/bug", {"count_only": "1"}).json() == {"bug_count": 10_001}


# -- comments -----------------------------------------------------------------------------------------------------


def test_comments_shape(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug/1900001/comment")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"bugs", "comments"} and body["comments"] == {}
    assert list(body["bugs"]) == ["1900001"] and set(body["bugs"]["1900001"]) == {"comments"}
    comments = body["bugs"]["1900001"]["comments"]
    assert [c["count"] for c in comments] == [0, 1, 2]
    assert set(comments[0]) == {"id", "bug_id", "count", "text", "raw_text", "creator", "author", "time",
                                "creation_time", "is_private", "attachment_id", "tags"}
    assert comments[1]["attachment_id"] == 9100001 and comments[1]["raw_text"] == ""
    assert comments[1]["text"] == "Created attachment 9100001\nFull incident report"
    assert comments[2]["creator"] == comments[2]["author"] == REVIEWER
    assert comments[2]["time"] == comments[2]["creation_time"] == "2026-01-10T12:00:00Z"


def test_comments_merge_repeated_ids_with_the_path_id(bmo: FakeBMO, http: requests.Session) -> None:
    body = get(http, bmo, "/rest/bug/1900003/comment",
               [("ids", "1900001"), ("ids", "1900003"), ("ids", "1900002"), ("include_fields", "id")]).json()
    assert list(body["bugs"]) == ["1900003", "1900001", "1900002"]
    assert body["bugs"]["1900002"] == {"comments": [{"id": 1900002000}, {"id": 1900002001}, {"id": 1900002002}]}


def test_comments_do_not_split_a_comma_string(bmo: FakeBMO, http: requests.Session) -> None:
    assert_error(get(http, bmo, "/rest/bug/1900001/comment", {"ids": "1900002,1900003"}), 404, 101,
                 "Bug 1900002,1900003 does not exist.")


def test_comments_fail_whole_call_on_one_bad_id_unless_skip_private(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.set_private(1900002)
    assert_error(get(http, bmo, "/rest/bug/1900001/comment", {"ids": "1900002"}), 401, 102)
    assert_error(get(http, bmo, "/rest/bug/1900001/comment", {"ids": "99"}), 404, 101, "Bug 99 does not exist.")
    assert_error(get(http, bmo, "/rest/bug/1900002/comment"), 401, 102)
    body = get(http, bmo, "/rest/bug/1900001/comment", [("ids", "1900002"), ("ids", "99"), ("ids", "1900003"),
                                                        ("skip_private", "1"), ("include_fields", "count")]).json()
    assert body == {"bugs": {"1900001": {"comments": [{"count": 0}, {"count": 1}, {"count": 2}]},
                             "1900003": {"comments": [{"count": 0}]}}, "comments": {}}


def test_comments_include_fields_and_new_since(bmo: FakeBMO, http: requests.Session) -> None:
    body = get(http, bmo, "/rest/bug/1900001/comment", {"include_fields": "id,raw_text,creator"}).json()
    first = body["bugs"]["1900001"]["comments"][0]
    assert first == {"id": 1900001000, "raw_text": "Preliminary incident report below.", "creator": HARROWGATE,
                     "author": HARROWGATE}
    body = get(http, bmo, "/rest/bug/1900001/comment", {"exclude_fields": "text,raw_text,creator"}).json()
    first = body["bugs"]["1900001"]["comments"][0]
    assert not {"text", "raw_text", "creator", "author"} & set(first) and "id" in first
    body = get(http, bmo, "/rest/bug/1900001/comment", {"include_fields": "time"}).json()
    assert body["bugs"]["1900001"]["comments"][0] == {"time": "2026-01-05T09:00:00Z"}

    def since(value: str) -> list[int]:
        got = get(http, bmo, "/rest/bug/1900001/comment", {"new_since": value, "include_fields": "count"}).json()
        return [c["count"] for c in got["bugs"]["1900001"]["comments"]]

    assert since("2026-01-06T15:30:00Z") == [2]  # strictly after
    assert since("2026-01-06T15:29:59Z") == [1, 2]
    assert since("2026-02-01T00:00:00Z") == []


def test_private_comments_are_left_out(fake_bmo: FakeBMO, http: requests.Session) -> None:
    fake_bmo.add_bug(bug(1900020), comments=[comment(1900020, 0, raw_text="public"),
                                             comment(1900020, 1, raw_text="insiders only", is_private=True),
                                             comment(1900020, 2, raw_text="public again")])
    got = get(http, fake_bmo, "/rest/bug/1900020/comment").json()["bugs"]["1900020"]["comments"]
    assert [c["count"] for c in got] == [0, 2]  # the count gaps, as on BMO


def test_add_comment_shows_up(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.add_comment(1900003, comment(1900003, 1, QUILLON, "2026-02-02T08:00:00Z", "Update."))
    got = get(http, bmo, "/rest/bug/1900003/comment", {"new_since": "2026-02-01T07:15:00Z"}).json()
    assert [c["raw_text"] for c in got["bugs"]["1900003"]["comments"]] == ["Update."]
    assert get(http, bmo, "/rest/bug/1900003").json()["bugs"][0]["comment_count"] == 2


# -- attachments --------------------------------------------------------------------------------------------------


def test_attachments_shape_with_data(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug/1900002/attachment")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"bugs", "attachments"} and body["attachments"] == {}
    draft, final = body["bugs"]["1900002"]
    assert draft["is_obsolete"] == 1 and final["is_obsolete"] == 0
    for att in (draft, final):
        assert type(att["is_private"]) is int and type(att["is_obsolete"]) is int and type(att["is_patch"]) is int
        assert att["creator_detail"]["email"] == FENMOOR == att["attacher"]
    assert base64.b64decode(final["data"]) == b"Final report." and final["size"] == 13
    assert final["summary"] == final["description"] == "Final report"
    assert final["content_type"] == "text/plain" and final["file_name"] == "report.txt"


def test_attachments_exclude_and_include_fields(bmo: FakeBMO, http: requests.Session) -> None:
    body = get(http, bmo, "/rest/bug/1900002/attachment", {"exclude_fields": "data"}).json()
    assert all("data" not in a and "size" in a for a in body["bugs"]["1900002"])
    body = get(http, bmo, "/rest/bug/1900002/attachment", {"include_fields": "id,is_obsolete"}).json()
    assert body["bugs"]["1900002"] == [{"id": 9100002, "is_obsolete": 1}, {"id": 9100003, "is_obsolete": 0}]


def test_attachments_merge_ids_and_fail_whole_call(bmo: FakeBMO, http: requests.Session) -> None:
    body = get(http, bmo, "/rest/bug/1900001/attachment", [("ids", "1900002"), ("ids", "1900003"),
                                                           ("include_fields", "id")]).json()
    assert body == {"bugs": {"1900001": [{"id": 9100001}], "1900002": [{"id": 9100002}, {"id": 9100003}],
                             "1900003": []}, "attachments": {}}
    assert_error(get(http, bmo, "/rest/bug/1900001/attachment", {"ids": "1900002,1900003"}), 404, 101)
    assert_error(get(http, bmo, "/rest/bug/1900001/attachment", {"ids": "12"}), 404, 101, "Bug 12 does not exist.")
    bmo.set_private(1900003)
    assert_error(get(http, bmo, "/rest/bug/1900001/attachment", {"ids": "1900003"}), 401, 102)


def test_private_attachments(fake_bmo: FakeBMO, http: requests.Session) -> None:
    fake_bmo.add_bug(bug(1900030), attachments=[attachment(1900030, 9100030, "a.txt", content="a"),
                                                attachment(1900030, 9100031, "b.txt", content="b",
                                                           is_private=True)])
    listed = get(http, fake_bmo, "/rest/bug/1900030/attachment", {"include_fields": "id"}).json()
    assert listed["bugs"]["1900030"] == [{"id": 9100030}]
    assert_error(get(http, fake_bmo, "/rest/bug/attachment/9100031"), 401, 304)


def test_attachment_by_id(bmo: FakeBMO, http: requests.Session) -> None:
    response = get(http, bmo, "/rest/bug/attachment/9100001")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    body = response.json()
    assert body["bugs"] == {} and list(body["attachments"]) == ["9100001"]
    att = body["attachments"]["9100001"]
    assert att["bug_id"] == 1900001 and att["content_type"] == "text/markdown"
    assert base64.b64decode(att["data"]).decode().startswith("## Summary")
    body = get(http, bmo, "/rest/bug/attachment/9100002", {"attachment_ids": "9100003", "include_fields": "id"}
               ).json()
    assert body == {"bugs": {}, "attachments": {"9100002": {"id": 9100002}, "9100003": {"id": 9100003}}}
    assert get(http, bmo, "/rest/bug/attachment/1").json() == {"bugs": {}, "attachments": {}}  # silently dropped
    bmo.set_private(1900001)
    assert_error(get(http, bmo, "/rest/bug/attachment/9100001"), 401, 102)


# -- other paths --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/rest/bugs", "/rest/bug/1900001/history", "/rest/bug/comment/5", "/",
                                  "/rest/bug/1900001/comment/extra", "/rest/product"])
def test_unknown_resources_are_32614(bmo: FakeBMO, http: requests.Session, path: str) -> None:
    body = assert_error(get(http, bmo, path), 404, 32614)
    assert body["message"] == f"A REST API resource was not found for 'GET {bmo.url}{path}'."


def test_non_get_is_32614(bmo: FakeBMO, http: requests.Session) -> None:
    assert_error(http.post(bmo.url + "/rest/bug", json={"summary": "x"}, timeout=5), 404, 32614)


def test_overlong_request_target_is_plain_414(bmo: FakeBMO, http: requests.Session) -> None:
    ids = ",".join(str(n) for n in range(1_000_000, 1_001_100))
    response = get(http, bmo, "/rest/bug", {"id": ids})
    assert response.status_code == 414 and response.headers["Content-Type"].startswith("text/plain")
    assert bmo.count("/rest/bug") == 1  # recorded all the same


def test_invalid_api_key_when_keys_are_configured(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.api_keys = {"good"}
    assert get(http, bmo, "/rest/bug/1900001", headers={"X-BUGZILLA-API-KEY": "good"}).status_code == 200
    assert_error(get(http, bmo, "/rest/bug/1900001", headers={"X-BUGZILLA-API-KEY": "bad"}), 400, 306)
    assert_error(get(http, bmo, "/rest/bug/1900001", {"api_key": "bad"}), 400, 306)
    assert get(http, bmo, "/rest/bug/1900001").status_code == 200  # anonymous is fine


# -- rate limiting ------------------------------------------------------------------------------------------------


def test_rate_limited_endpoints_are_counted_separately(bmo: FakeBMO, http: requests.Session) -> None:
    get(http, bmo, "/rest/time")
    get(http, bmo, "/rest/bug", {"id": "1900001"})
    assert bmo.rate_limited_count == 0
    get(http, bmo, "/rest/bug/1900001")
    get(http, bmo, "/rest/bug/42")  # errors count too
    get(http, bmo, "/rest/bug/1900001/comment")
    get(http, bmo, "/rest/bug/1900001/attachment")
    get(http, bmo, "/rest/bug/attachment/9100001")
    assert bmo.rate_limited_count == 5
    assert [r.rate_limited for r in bmo.requests] == [False, False, True, True, True, True, True]


def assert_blocked(response: requests.Response) -> None:
    assert response.status_code == 429
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Retry-After" not in response.headers
    assert "Too Many Requests" in response.text and "You will be unblocked in 60 minutes." in response.text


def test_rate_limit_then_blocked_everywhere(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("rate_limit")
    assert_error(get(http, bmo, "/rest/bug/1900001/comment"), 400, 32000, "You have exceeded the rate limit.")
    assert bmo.blocked
    for path in ("/rest/bug/1900001", "/rest/time", "/rest/bug", "/rest/nothing"):
        assert_blocked(get(http, bmo, path, headers={"X-BUGZILLA-API-KEY": "k"}))
    bmo.unblock()
    assert get(http, bmo, "/rest/time").status_code == 200
    assert bmo.count() == 6


def test_automatic_rate_limit_for_anonymous_requests(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.rate_limit = 2
    for _ in range(3):
        assert get(http, bmo, "/rest/bug", {"id": "1900001"}).status_code == 200  # search is not limited
    assert get(http, bmo, "/rest/bug/1900001", headers={"X-BUGZILLA-API-KEY": "k"}).status_code == 200
    assert get(http, bmo, "/rest/bug/1900001").status_code == 200
    assert get(http, bmo, "/rest/bug/1900001/comment").status_code == 200
    assert_error(get(http, bmo, "/rest/bug/1900001/attachment"), 400, 32000)
    assert_blocked(get(http, bmo, "/rest/time"))
    assert bmo.rate_limited_count == 4


def test_blocked_mode_is_one_429(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("blocked")
    assert_blocked(get(http, bmo, "/rest/bug"))
    assert not bmo.blocked
    assert get(http, bmo, "/rest/bug").status_code == 200


# -- failure modes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "status"), [("500", 500), ("502", 502)])
def test_server_errors(bmo: FakeBMO, http: requests.Session, mode: str, status: int) -> None:
    bmo.fail(mode)
    response = get(http, bmo, "/rest/bug/1900001")
    assert response.status_code == status and response.headers["Content-Type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()
    assert get(http, bmo, "/rest/bug/1900001").status_code == 200  # once only


def test_html_instead_of_json(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("html")
    response = get(http, bmo, "/rest/bug", {"id": "1900001"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError):
        response.json()


def test_truncated_json(bmo: FakeBMO, http: requests.Session) -> None:
    full = get(http, bmo, "/rest/bug/1900001/comment").content
    bmo.fail("truncated")
    response = get(http, bmo, "/rest/bug/1900001/comment")
    assert response.status_code == 200 and response.headers["Content-Type"] == JSON
    assert 0 < len(response.content) < len(full) and full.startswith(response.content)
    assert int(response.headers["Content-Length"]) == len(response.content)
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_reset_closes_the_connection_without_a_response(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("reset")
    with pytest.raises(requests.ConnectionError):
        get(http, bmo, "/rest/bug/1900001")
    assert get(http, bmo, "/rest/bug/1900001").status_code == 200  # next request is fine
    assert bmo.count("/rest/bug/1900001") == 2


def test_slow_times_out_a_1s_client(bmo: FakeBMO, http: requests.Session) -> None:
    assert bmo.slow_seconds == 3
    bmo.fail("slow")
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        get(http, bmo, "/rest/bug/1900001", timeout=1)
    assert 0.9 < time.monotonic() - started < 2.5
    assert get(http, bmo, "/rest/bug/1900001", timeout=5).status_code == 200


def test_slow_then_answers_normally(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.slow_seconds = 0.3
    bmo.fail("slow")
    started = time.monotonic()
    response = get(http, bmo, "/rest/bug/1900001", timeout=5)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200 and response.json()["bugs"][0]["id"] == 1900001


def test_error_modes_101_and_102(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("101", path="/rest/bug/1900001")
    bmo.fail("102", path="/rest/bug/1900002")
    assert_error(get(http, bmo, "/rest/bug/1900002/comment"), 401, 102,
                 "You are not authorized to access bug 1900002. To see this bug, you must first log in to an "
                 "account with the appropriate permissions.")
    assert_error(get(http, bmo, "/rest/bug/1900001"), 404, 101, "Bug 1900001 does not exist.")
    assert get(http, bmo, "/rest/bug/1900001").status_code == 200


def test_fail_matches_path_prefix_and_times(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("500", path="/rest/bug/", times=2)
    assert get(http, bmo, "/rest/time").status_code == 200
    assert get(http, bmo, "/rest/bug", {"id": "1900001"}).status_code == 200  # "/rest/bug" lacks the slash
    assert get(http, bmo, "/rest/bug/1900001").status_code == 500
    assert get(http, bmo, "/rest/bug/1900001/comment").status_code == 500
    assert get(http, bmo, "/rest/bug/1900001/comment").status_code == 200


def test_fail_rules_queue_in_order(bmo: FakeBMO, http: requests.Session) -> None:
    bmo.fail("502")
    bmo.fail("500")
    assert [get(http, bmo, "/rest/time").status_code for _ in range(3)] == [502, 500, 200]


def test_fail_rejects_unknown_modes(fake_bmo: FakeBMO) -> None:
    with pytest.raises(ValueError):
        fake_bmo.fail("503")
    with pytest.raises(ValueError):
        fake_bmo.fail("500", times=0)


# -- builders -----------------------------------------------------------------------------------------------------


def test_builders_make_bmo_shapes() -> None:
    assert bmo_time(datetime(2026, 1, 2, 3, 4, 5, 999)) == "2026-01-02T03:04:05Z"
    assert bmo_time(datetime(2026, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))) == "2026-01-02T03:04:05Z"
    assert bmo_time("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z"

    closed = bug(1, status="RESOLVED", creation_time=datetime(2026, 1, 1), last_change_time="2026-01-03T00:00:00Z")
    assert closed["resolution"] == "FIXED" and closed["is_open"] is False
    assert closed["cf_last_resolved"] == "2026-01-03T00:00:00Z" and closed["creation_time"] == "2026-01-01T00:00:00Z"
    opened = bug(2, status="UNCONFIRMED", whiteboard="", see_also=["https://example.invalid/1"])
    assert opened["resolution"] == "" and opened["is_confirmed"] is False and opened["cf_last_resolved"] is None
    assert opened["see_also"] == ["https://example.invalid/1"] and opened["assigned_to"] == HARROWGATE
    assert set(user(HARROWGATE)) == {"id", "real_name", "nick", "name", "email"}
    assert user(HARROWGATE) == user(HARROWGATE)  # stable ids

    flag = needinfo(REVIEWER, HARROWGATE, datetime(2026, 1, 10, 12))
    assert set(flag) == {"id", "name", "type_id", "status", "setter", "requestee", "creation_date",
                         "modification_date"}
    assert flag["type_id"] == NEEDINFO_TYPE_ID and flag["status"] == "?"
    assert flag["creation_date"] == flag["modification_date"] == "2026-01-10T12:00:00Z"

    c = comment(1900001, 4, REVIEWER, "2026-01-11T00:00:00Z", "Looks good.", attachment_id=7, on_attachment=True,
                attachment_summary="Report v2")
    assert c["text"] == "Comment on attachment 7\nReport v2\n\nLooks good." and c["raw_text"] == "Looks good."

    att = attachment(1, 2, "r.bin", "application/octet-stream", b"\x00\xff", is_patch=True)
    assert att["size"] == 2 and base64.b64decode(att["data"]) == b"\x00\xff"
    assert (att["is_private"], att["is_obsolete"], att["is_patch"]) == (0, 0, 1)
    assert attachment(1, 3, "u.txt", content="é")["size"] == 2  # UTF-8 bytes
