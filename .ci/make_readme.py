"""Write README.md from nbs/index.ipynb (markdown cells as they are, visible code cells fenced, text outputs, and the
image outputs of `#| echo: false` cells as PNGs in nbs/images/); `--check` only compares."""
import json, sys, base64
from pathlib import Path

root = Path(__file__).resolve().parent.parent
images = root / 'nbs' / 'images'

def cell_md(c, pngs):
    "The markdown for one notebook cell, or '' when hidden; image outputs of an `echo: false` cell go to `pngs` (name → bytes)."
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src
    lines = src.splitlines()
    flags = {l.strip().replace(' ', '') for l in lines if l.startswith('#|')}
    if '#|hide' in flags: return ''
    out = []
    if '#|echo:false' not in flags:
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        out.append(f"```python\n{code}\n```")
    for k, o in enumerate(c.get('outputs', [])):
        png = o.get('data', {}).get('image/png')
        if png and '#|echo:false' in flags:
            name = f"readme_{c['id']}_{k}.png"; pngs[name] = base64.b64decode(png)
            out.append(f"![{c['id']}](nbs/images/{name})")
            continue
        txt = ''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/plain', ''))
        if txt.strip() and not txt.startswith('<Figure'): out.append(f"```\n{txt.rstrip()}\n```")
    return '\n\n'.join(out)

def readme():
    "README.md's text and the PNGs it links to."
    nb, pngs = json.loads((root/'nbs'/'index.ipynb').read_text()), {}
    parts = [m for m in (cell_md(c, pngs) for c in nb['cells']) if m.strip()]
    return '<!-- generated from nbs/index.ipynb by .ci/make_readme.py; do not edit -->\n\n' + '\n\n'.join(parts) + '\n', pngs

if __name__ == '__main__':
    txt, pngs = readme()
    f = root/'README.md'
    if '--check' in sys.argv:
        bad = [n for n, b in pngs.items() if not (images/n).exists() or (images/n).read_bytes() != b]
        if not f.exists() or f.read_text() != txt or bad: sys.exit(f"README.md {'and ' + ', '.join(bad) + ' are' if bad else 'is'} not what nbs/index.ipynb gives: run python .ci/make_readme.py")
    else:
        f.write_text(txt)
        for old in images.glob('readme_*.png'):
            if old.name not in pngs: old.unlink()
        for n, b in pngs.items(): images.mkdir(exist_ok=True); (images/n).write_bytes(b)
