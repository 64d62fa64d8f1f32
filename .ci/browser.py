"""The explorers of 07_widgets in a real browser: Voilà serves them on 127.0.0.1 over a tiny generated data set and
the shipped weights; headless Chromium (Debian's, driven by Playwright) moves DataExplorer's slider, uploads a pair
to PredictionExplorer and moves its threshold; then opens a demo's report.html and bench real's real_worst.png.
Any console error fails the test. Screenshots go to ARTIFACTS (default: ci-artifacts/).

    python .ci/browser.py [--report RUN/report.html] [--worst OUT/real_worst.png]
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path

CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
STEP_MS = 60_000                                                  # the longest any one step may take


def free_port() -> int:
    "A TCP port free on 127.0.0.1 now."
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def notebook(path: Path):
    "A two-cell notebook: DataExplorer over ./ds, PredictionExplorer with the shipped weights."
    cells = ["from maskdepth.widgets import DataExplorer, PredictionExplorer\nDataExplorer('ds', width=120)",
             "PredictionExplorer(width=100)"]
    nb = dict(nbformat=4, nbformat_minor=5, metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')),
              cells=[dict(cell_type='code', id=f'c{i}', metadata={}, execution_count=None, outputs=[], source=c) for i, c in enumerate(cells)])
    path.write_text(json.dumps(nb))


def wait_port(port, proc, seconds=90):
    "Wait until something listens on `port` (the server `proc` must stay alive)."
    t = time.time()
    while time.time() - t < seconds:
        if proc.poll() is not None: raise SystemExit(f"browser test: the Voilà server ended (rc {proc.returncode}) before it listened")
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0: return
        time.sleep(.5)
    raise SystemExit(f"browser test: nothing listened on port {port} after {seconds} s")


def srcs(imgs) -> list:
    "The src of each image element (a new blob URL each time its picture changes)."
    return [i.get_attribute('src') or '' for i in imgs]


def wait_change(page, imgs, before, which, what):
    "Wait until the images `which` (indices) all show something other than `before`."
    t = time.time()
    while time.time() - t < STEP_MS / 1000:
        now = srcs(imgs)
        if all(now[k] and now[k] != before[k] for k in which): return now
        page.wait_for_timeout(200)
    page.screenshot(path=os.environ.get('BROWSER_FAIL_SHOT', 'browser_fail.png'), full_page=True)
    raise AssertionError(f"browser test: {what}: the pictures did not change ({sum(a != b for a, b in zip(now, before))} of {len(now)} did)")


def move_slider(page, box, value):
    "Set the ipywidgets slider `box` to `value` the way a person can: typing into its readout."
    r = box.locator('.widget-readout')
    r.click(); page.keyboard.press('Control+A'); page.keyboard.type(str(value)); page.keyboard.press('Enter')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--report', default=None, help="a demo's report.html to open")
    ap.add_argument('--worst', default=None, help="bench real's real_worst.png to open")
    ap.add_argument('--artifacts', default='ci-artifacts')
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright
    art = Path(a.artifacts).resolve(); art.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault('BROWSER_FAIL_SHOT', str(art / 'failed.png'))         # the page as it was when a step failed
    work = Path(tempfile.mkdtemp(prefix='maskdepth_browser_'))
    t0 = time.time()
    subprocess.run([sys.executable, '-c', 'from maskdepth.cli import main; main()', 'synth', 'ds', '--rooms', '2', '--people', '2',
                    '--placements', '1', '--size', '96', '--quiet'], cwd=work, check=True)
    from maskdepth.core import read_image, save_image
    import pandas as pd
    row = pd.read_csv(work / 'ds' / 'manifest.csv').iloc[0]
    save_image(work / 'up_bg.png', read_image(work / 'ds' / row['bg'])); save_image(work / 'up_fg.png', read_image(work / 'ds' / row['fg_bg']))
    notebook(work / 'explorers.ipynb')
    port = free_port()
    log = open(art / 'voila.log', 'w')
    server = subprocess.Popen([sys.executable, '-m', 'voila', 'explorers.ipynb', '--no-browser', f'--port={port}', '--Voila.ip=127.0.0.1',
                               '--show_tracebacks=True'], cwd=work, stdout=log, stderr=subprocess.STDOUT)
    errors, failed, external = [], [], []
    try:
        wait_port(port, server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=['--no-sandbox'])
            page = browser.new_page(viewport=dict(width=1200, height=900))
            def offline(route):                                   # this machine and CI are offline: Voilà's page asks a CDN for Font Awesome's CSS
                external.append(route.request.url); route.fulfill(status=200, body='', content_type='text/css')
            page.route(lambda url: not url.startswith(('http://127.0.0.1', 'file:', 'data:', 'blob:')), offline)
            page.set_default_timeout(STEP_MS)
            page.on('console', lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == 'error' else None)
            page.on('pageerror', lambda e: errors.append(f"page error: {e}"))
            page.on('requestfailed', lambda r: failed.append(r.url))
            page.goto(f'http://127.0.0.1:{port}/', wait_until='domcontentloaded')
            page.wait_for_function("document.querySelectorAll('.widget-image').length >= 10 && "
                                   "[...document.querySelectorAll('.widget-image')].slice(0, 4).every(i => i.src)", timeout=180_000)
            data_imgs = page.locator('.widget-image').all()[:4]
            before = srcs(data_imgs)
            move_slider(page, page.locator('.widget-slider').first, 5)                # another room: all four pictures change
            wait_change(page, data_imgs, before, range(4), "DataExplorer's slider moved")
            page.screenshot(path=str(art / 'data_explorer.png'), full_page=True)
            pred_imgs = page.locator('.widget-image').all()[4:10]
            for k, (label, f) in enumerate((('bg', 'up_bg.png'), ('fg_bg', 'up_fg.png'))):     # as a person does: click, choose the file
                button = page.locator('.widget-upload').nth(k)
                assert button.inner_text().strip() == f'{label} (0)', button.inner_text()
                with page.expect_file_chooser() as fc: button.click()
                fc.value.set_files(str(work / f))
                page.wait_for_function(f"document.querySelectorAll('.widget-upload')[{k}].innerText.trim() == '{label} (1)'")
            before = srcs(pred_imgs)
            page.get_by_role('button', name='predict uploads').click()
            got = wait_change(page, pred_imgs, before, (2, 3), "PredictionExplorer, after uploading bg and fg_bg")
            assert '×' in page.locator('.widget-html').last.inner_text(), "PredictionExplorer: no size shown after the upload"
            move_slider(page, page.locator('.widget-slider').last, 0.1)
            wait_change(page, pred_imgs, got, (2,), "PredictionExplorer's threshold slider moved")
            page.screenshot(path=str(art / 'explorers.png'), full_page=True)
            for name, f in (('report', a.report), ('worst', a.worst)):
                if not f: continue
                before_n = len(errors)
                p = browser.new_page(); p.on('console', lambda m: errors.append(f"{name} console {m.type}: {m.text}") if m.type == 'error' else None)
                p.on('pageerror', lambda e: errors.append(f"{name} page error: {e}"))
                p.goto(Path(f).resolve().as_uri(), wait_until='load'); p.wait_for_timeout(500)
                if name == 'report': assert p.locator('img').count() >= 1, "report.html shows no picture"
                else: assert p.evaluate("document.images[0].naturalWidth") > 0, "real_worst.png does not decode"
                p.screenshot(path=str(art / f'{name}.png'), full_page=True)
            browser.close()
    finally:
        server.terminate()
        try: server.wait(10)
        except subprocess.TimeoutExpired: server.kill()
        log.close(); shutil.rmtree(work, ignore_errors=True)
    if failed: errors += [f"request failed: {u}" for u in failed]
    if errors: raise SystemExit("browser test: console errors:\n" + '\n'.join(errors))
    if external: print(f"browser test: offline, answered empty: {', '.join(sorted(set(external)))}")
    print(f"browser test: 2 explorers, {sum(bool(x) for x in (a.report, a.worst))} pages, no console error ({time.time() - t0:.0f} s); screenshots in {art}")


if __name__ == '__main__':
    main()
