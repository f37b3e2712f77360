#!/usr/bin/env python3
"""A supervisor records an outcome in a real browser and sees the balance change.

Drives Debian's headless Chromium through selenium against a running `payback serve`.
Usage: supervisor_flow.py --url http://127.0.0.1:PORT --username U --password-env VAR --session ID
       --person ID --screenshots DIR
Exits 0 when every step worked; prints what it saw. Never downloads anything: the browser
and the driver are the system's (/usr/bin/chromium, /usr/bin/chromedriver).
"""
import argparse
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=360,780", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    # A phone: 360 CSS pixels wide, touch, a phone's user agent.
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 360, "height": 780, "pixelRatio": 2.0},
        "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile payback-browser-test"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--username", required=True)
    ap.add_argument("--password-env", default="PAYBACK_TEST_PASSWORD")
    ap.add_argument("--session", required=True)
    ap.add_argument("--person", required=True)
    ap.add_argument("--screenshots", required=True)
    ap.add_argument("--axe", action="store_true", help="also run axe-core on every page of the journey")
    args = ap.parse_args()
    password = os.environ[args.password_env]
    os.makedirs(args.screenshots, exist_ok=True)

    d = browser()
    wait = WebDriverWait(d, 20)

    def check_accessibility():
        # Every step of the journey, as it is reached: no serious or critical axe-core violation.
        if not args.axe:
            return
        from axe_selenium_python import Axe
        axe = Axe(d)
        axe.inject()
        found = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
        assert not found, "axe on %s: %s" % (d.current_url, [(v["id"], v["impact"], [n.get("target") for n in v["nodes"]][:3]) for v in found])
        print("axe: ok", d.current_url)

    def shot(name):
        check_accessibility()
        path = os.path.join(args.screenshots, name)
        # The whole page at phone width, not only the first screenful.
        height = d.execute_script("return document.documentElement.scrollHeight")
        d.set_window_size(360, max(780, min(height + 100, 4000)))
        d.save_screenshot(path)
        print("screenshot:", path)
        return path

    def press(element):
        # Keyboard, as a person without a mouse would.
        element.send_keys("\n") if element.tag_name == "input" else element.click()

    def continue_():
        d.find_element(By.ID, "continue").click()

    try:
        d.get(args.url + "/supervisor")
        wait.until(EC.presence_of_element_located((By.ID, "username")))
        assert "/sign-in" in d.current_url, d.current_url
        d.find_element(By.ID, "username").send_keys(args.username)
        d.find_element(By.ID, "password").send_keys(password)
        d.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()
        # The sign-in page's own address holds "next=/supervisor": wait for the page itself.
        wait.until(lambda d: "/sign-in" not in d.current_url)
        assert "My sessions" in d.find_element(By.TAG_NAME, "h1").text, d.current_url
        # No sideways scrolling on a phone.
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"page is {overflow}px wider than the screen"
        shot("01-my-sessions.png")

        d.find_element(By.CSS_SELECTOR, f"a[href='/supervisor/sessions/{args.session}']").click()
        balance = (By.CSS_SELECTOR, f".balance[data-person='{args.person}']")
        before = wait.until(EC.presence_of_element_located(balance)).text
        print("balance before:", before)
        shot("02-session-before.png")

        d.find_element(By.CSS_SELECTOR, f"a[href='/supervisor/sessions/{args.session}/people/{args.person}']").click()
        wait.until(EC.presence_of_element_located((By.ID, "attended")))
        check_accessibility()
        d.find_element(By.ID, "attended").click()
        continue_()
        start = wait.until(EC.presence_of_element_located((By.ID, "start")))
        check_accessibility()
        start.clear(); start.send_keys("09:00")
        finish = d.find_element(By.ID, "finish")
        finish.clear(); finish.send_keys("25:00")
        continue_()
        # A bad time is refused with a message beside the field.
        error = wait.until(EC.presence_of_element_located((By.ID, "finish-error"))).text
        assert "real finish time" in error, error
        shot("03-time-error.png")
        finish = d.find_element(By.ID, "finish")
        finish.clear(); finish.send_keys("16:00")
        continue_()
        wait.until(EC.presence_of_element_located((By.ID, "outcome")))
        check_accessibility()
        d.find_element(By.ID, "outcome").click()  # ATTC, the first choice
        continue_()
        wait.until(EC.presence_of_element_located((By.ID, "quality-GOOD")))
        check_accessibility()
        d.find_element(By.ID, "quality-GOOD").click()
        d.find_element(By.ID, "behaviour-GOOD").click()
        continue_()
        wait.until(EC.presence_of_element_located((By.ID, "notes")))
        check_accessibility()
        d.find_element(By.ID, "notes").send_keys("Cleared the path & bins (< 5 min late)")
        continue_()
        wait.until(EC.presence_of_element_located((By.ID, "confirm")))
        assert "Check your answers" in d.page_source
        shot("04-check-answers.png")
        d.find_element(By.ID, "confirm").click()

        wait.until(EC.url_contains("recorded="))
        after = wait.until(EC.presence_of_element_located(balance)).text
        print("balance after:", after)
        notice = d.find_element(By.CSS_SELECTOR, ".notice").text
        print("notice:", notice)
        assert after != before, f"balance did not change ({before})"
        assert "Recorded ATTC" in notice, notice
        assert "Cleared the path & bins (< 5 min late)" in d.find_element(By.TAG_NAME, "main").text
        shot("05-session-after.png")
        print("supervisor flow: ok")
        return 0
    except Exception as e:  # report what the page showed, then fail
        print("supervisor flow FAILED:", repr(e), file=sys.stderr)
        print("at:", d.current_url, file=sys.stderr)
        try:
            shot("failure.png")
        except Exception:
            pass
        return 1
    finally:
        d.quit()


if __name__ == "__main__":
    sys.exit(main())
