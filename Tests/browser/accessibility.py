#!/usr/bin/env python3
"""axe-core on every page of the web app, in headless Chromium, as each role sees it.

Usage: accessibility.py --url http://127.0.0.1:PORT --pages pages.txt
pages.txt: one page a line, "username path" ("-" for signed out); the password is in
$PAYBACK_TEST_PASSWORD. Fails (exit 1) on any serious or critical violation, listing each with the
page and the elements. Prints "accessibility: ok (N pages)" otherwise.
"""
import argparse
import os
import sys

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supervisor_flow import browser  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--pages", required=True)
    ap.add_argument("--password-env", default="PAYBACK_TEST_PASSWORD")
    args = ap.parse_args()
    password = os.environ[args.password_env]
    pages = [line.split(None, 1) for line in open(args.pages) if line.strip()]

    d = browser()
    wait = WebDriverWait(d, 20)
    signed_in = None
    bad = []
    try:
        for user, path in pages:
            path = path.strip()
            if user != signed_in:
                d.delete_all_cookies()
                if user != "-":
                    d.get(args.url + "/sign-in")
                    wait.until(lambda d: d.find_elements(By.ID, "username"))
                    d.find_element(By.ID, "username").send_keys(user)
                    d.find_element(By.ID, "password").send_keys(password)
                    d.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()
                    wait.until(lambda d: "/sign-in" not in d.current_url)
                signed_in = user
            d.get(args.url + path)
            wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
            axe = Axe(d)
            axe.inject()
            results = axe.run()
            serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
            print("%-12s %-60s %d violations, %d serious or critical" % (
                user, path, len(results["violations"]), len(serious)))
            for v in serious:
                targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])][:5]
                bad.append((user, path, v["id"], v["impact"], v["help"], targets))
    finally:
        d.quit()
    for user, path, rule, impact, text, targets in bad:
        print("VIOLATION %s %s as %s: %s (%s): %s" % (impact, path, user, rule, text, "; ".join(targets)))
    if bad:
        return 1
    print("accessibility: ok (%d pages)" % len(pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
