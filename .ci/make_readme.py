"Write README.md from nbs/index.ipynb (markdown cells as they are, visible code cells fenced, text outputs); `--check` only compares."
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def cell_md(c):
    "The markdown for one notebook cell, or '' when hidden."
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src
    lines = src.splitlines()
    if any(l.strip() in ('#| hide', '#|hide') for l in lines): return ''
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    out = [f"```python\n{code}\n```"]
    for o in c.get('outputs', []):
        txt = ''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/plain', ''))
        if txt.strip(): out.append(f"```\n{txt.rstrip()}\n```")
    return '\n\n'.join(out)

def readme():
    "README.md's text."
    nb = json.loads((root/'nbs'/'index.ipynb').read_text())
    parts = [m for m in map(cell_md, nb['cells']) if m.strip()]
    return '<!-- generated from nbs/index.ipynb by .ci/make_readme.py; do not edit -->\n\n' + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    txt, f = readme(), root/'README.md'
    if '--check' in sys.argv:
        if not f.exists() or f.read_text() != txt: sys.exit("README.md is not what nbs/index.ipynb gives: run python .ci/make_readme.py")
    else: f.write_text(txt)
