"""The outputs saved in the notebooks (the docs site shows them; it does not run the notebooks).

`python .ci/outputs.py refresh` runs every notebook at its small defaults and saves its outputs, then tidies them:
warnings and progress bars (stderr) are dropped and this machine's temporary paths are shown relative.
`python .ci/outputs.py check` (CI) fails on an error output, an absolute path, a picture over 200 KB, nbs/ over
20 MB, or a cell that draws with no picture saved."""
import json, re, sys, base64, subprocess
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = sorted(p for p in (root / 'nbs').rglob('*.ipynb') if not any(s.startswith(('_', '.')) for s in p.relative_to(root / 'nbs').parts))
ABS = re.compile(r'(?:/tmp|/var/folders|/private/var|/root|/home/[^/\s]+|' + re.escape(str(root)) + r')/[^\s\'",)]*')
TMP = re.compile(r'/tmp/tmp[\w.-]+')
DRAWS = re.compile(r'\b(plt\.(subplots|imshow|plot|figure)|show_batch\(|\.imshow\()')

def _flags(src): return {l.strip().replace(' ', '') for l in src.splitlines() if l.startswith('#|')}

def tidy(nb: dict) -> dict:
    "Drop stderr outputs; show temporary folders as `tmp/`."
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            if o['output_type'] == 'stream' and o['name'] == 'stderr': continue
            if 'text' in o: o['text'] = [TMP.sub('tmp', t) for t in o['text']]
            for k, v in o.get('data', {}).items():
                if k.startswith('text/') and isinstance(v, list): o['data'][k] = [TMP.sub('tmp', t) for t in v]
            outs.append(o)
        c['outputs'] = outs
    return nb

def problems(p: Path) -> list:
    "What is wrong with the outputs saved in notebook `p`."
    nb, out = json.loads(p.read_text()), []
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        src, flags = ''.join(c['source']), _flags(''.join(c['source']))
        pics = 0
        for o in c.get('outputs', []):
            if o['output_type'] == 'error': out.append(f"cell {c['id']}: an error output ({o.get('ename')})")
            png = o.get('data', {}).get('image/png')
            if png:
                pics += 1; n = len(base64.b64decode(png))
                if n > 200_000: out.append(f"cell {c['id']}: a picture of {n // 1000} KB (at most 200)")
            txt = ''.join(o.get('text', '')) + ''.join(''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/'))
            if (m := ABS.search(txt)): out.append(f"cell {c['id']}: an absolute path of this machine in an output: {m.group(0)}")
        skip = flags & {'#|export', '#|exports', '#|hide', '#|slow', '#|cuda', '#|eval:false'}
        if DRAWS.search(src) and not skip and not pics and 'savefig' not in src:
            out.append(f"cell {c['id']}: draws, but no picture is saved (run python .ci/outputs.py refresh)")
    return out

if __name__ == '__main__':
    if sys.argv[1:2] == ['refresh']:                                             # refresh [NOTEBOOK ...]: all, or those named
        some = [Path(a).resolve() for a in sys.argv[2:]]
        for p in some or [None]: subprocess.run(['nbdev-test', '--n-workers', '2', '--save'] + ([str(p)] if p else []), cwd=root, check=True)
        for p in some or nbs: p.write_text(json.dumps(tidy(json.loads(p.read_text())), indent=1, ensure_ascii=False) + '\n')
        subprocess.run(['nbdev-clean'], cwd=root, check=True)
        subprocess.run([sys.executable, '.ci/make_readme.py'], cwd=root, check=True)
    elif sys.argv[1:] == ['check']:
        bad = [f"{p.relative_to(root)}: {m}" for p in nbs for m in problems(p)]
        size = sum(f.stat().st_size for f in (root / 'nbs').rglob('*') if f.is_file())
        if size > 20 * 2**20: bad.append(f"nbs/ holds {size / 2**20:.1f} MB (at most 20)")
        if bad: sys.exit('\n'.join(bad))
        print(f"outputs: {len(nbs)} notebooks checked, {size / 2**20:.1f} MB")
    else: sys.exit(__doc__)
