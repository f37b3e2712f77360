#!/usr/bin/env python3
"""A supervisor records outcomes with no signal, then the signal returns and they are sent.

Drives Debian's headless Chromium (selenium) against a running `payback serve`, with Chromium's
own network emulation for "no signal". Usage:
  offline_flow.py --url http://127.0.0.1:PORT --username U [--password-env VAR] --session ID
                  --people P01,P02 --screenshots DIR
Prints "offline flow: ok" when every step worked. Screenshots at 360 px: offline-queued.png (the
outcomes waiting on the phone) and offline-sent.png (after the signal returned).
"""
import argparse
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supervisor_flow import browser  # noqa: E402


def set_offline(d, offline):
    # Chromium's DevTools network emulation: the page's requests fail as with no signal at all.
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--username", required=True)
    ap.add_argument("--password-env", default="PAYBACK_TEST_PASSWORD")
    ap.add_argument("--session", required=True)
    ap.add_argument("--people", required=True)
    ap.add_argument("--screenshots", required=True)
    args = ap.parse_args()
    password = os.environ[args.password_env]
    people = args.people.split(",")
    os.makedirs(args.screenshots, exist_ok=True)

    d = browser()
    wait = WebDriverWait(d, 30)

    def shot(name):
        path = os.path.join(args.screenshots, name)
        height = d.execute_script("return document.documentElement.scrollHeight")
        d.set_window_size(360, max(780, min(height + 100, 6000)))
        d.execute_script("window.scrollTo(0, 0)")
        d.save_screenshot(path)
        print("screenshot:", path)

    def warning(fid):
        form = d.find_element(By.ID, fid + "-save").find_element(By.XPATH, "./ancestor::form")
        return form.find_element(By.CSS_SELECTOR, "[data-enforceable-warning]")

    def status():
        return d.find_element(By.ID, "queue-status").text

    try:
        d.get(args.url + "/sign-in?next=/supervisor/today")
        wait.until(lambda d: d.find_elements(By.ID, "username"))
        d.find_element(By.ID, "username").send_keys(args.username)
        d.find_element(By.ID, "password").send_keys(password)
        d.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()
        wait.until(lambda d: d.current_url.endswith("/supervisor/today"))
        # The service worker takes today's page onto the phone.
        d.set_script_timeout(30)
        scope = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.serviceWorker.ready.then(r => done(r.scope)).catch(e => done('error ' + e));")
        print("service worker ready for", scope)
        assert "/supervisor/" in scope, scope
        manifest = d.execute_script("return document.querySelector('link[rel=manifest]').href")
        assert manifest.endswith("/manifest.webmanifest"), manifest
        # Reload once so the page itself is served through the worker and kept in its cache.
        d.refresh()
        wait.until(lambda d: d.find_elements(By.ID, "queue-status"))

        set_offline(d, True)
        assert d.execute_script("return navigator.onLine") is False, "the browser still thinks it is online"
        # With no signal the page still opens (from the phone) and keeps what is waiting.
        d.refresh()
        wait.until(lambda d: d.find_elements(By.ID, "queue-status"))
        for i, person in enumerate(people):
            fid = "o-%s-%s" % (args.session, person)
            if i == 0:
                d.find_element(By.ID, fid + "-yes").click()
                start = d.find_element(By.ID, fid + "-start")
                start.clear(); start.send_keys("0915")
                finish = d.find_element(By.ID, fid + "-finish")
                finish.clear(); finish.send_keys("16.00")
                Select(d.find_element(By.ID, fid + "-outcome-yes")).select_by_value("ATTC")
                assert not warning(fid).is_displayed(), "ATTC is not enforceable, yet the form warns"
            else:
                d.find_element(By.ID, fid + "-no").click()
                Select(d.find_element(By.ID, fid + "-outcome-no")).select_by_value("UACP")
                # The same warning as the check-your-answers page, before it is saved on the phone.
                w = warning(fid)
                assert w.is_displayed(), "no warning for an enforceable outcome recorded offline"
                assert "UACP is an enforceable outcome" in w.text, w.text
            d.find_element(By.ID, fid + "-notes").send_keys("recorded with no signal")
            d.find_element(By.ID, fid + "-save").click()
        wait.until(lambda d: d.find_element(By.ID, "offline-app").get_attribute("data-waiting") == str(len(people)))
        text = status()
        print("offline:", text)
        assert "%d outcomes are waiting to be sent" % len(people) in text, text
        # Still offline after a reload: the queue is on the phone, not in the page.
        d.refresh()
        wait.until(lambda d: d.find_element(By.ID, "offline-app").get_attribute("data-waiting") == str(len(people)))
        shot("offline-queued.png")

        set_offline(d, False)
        wait.until(lambda d: d.find_element(By.ID, "offline-app").get_attribute("data-waiting") == "0")
        wait.until(lambda d: "All outcomes sent" in status())
        print("online:", status())
        shot("offline-sent.png")
        print("offline flow: ok")
        return 0
    except Exception as e:  # report what the page showed, then fail
        print("offline flow FAILED:", repr(e), file=sys.stderr)
        print("at:", d.current_url, file=sys.stderr)
        try:
            print(d.find_element(By.TAG_NAME, "main").text[:2000], file=sys.stderr)
            shot("offline-failure.png")
        except Exception:
            pass
        return 1
    finally:
        d.quit()


if __name__ == "__main__":
    sys.exit(main())
