#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of four pages of the
# built site: the home page, a kit, an action and a lesson. A measuring script, not a test:
# the scores depend on the machine; the README (« Qualité ») keeps the last figures.
#
#   bash scripts/lighthouse.sh [SITE_FOLDER]      (default: site/, built by `passerelles build`)
#
# Needs Node ≥ 18.20 and npm (lighthouse 12.2.3 is pinned in scripts/package.json: version 13
# needs a newer Node) and Chromium (CHROME_PATH, default /usr/bin/chromium). The site is
# served on 127.0.0.1 only, gzip-compressed as any production web server does; the JSON
# reports are left in build/lighthouse/.
set -euo pipefail
cd "$(dirname "$0")/.."

SITE=${1:-site}
PAGES=(
  "accueil="
  "kit=equipes/"
  "action=equipes/actions/stage-observation-3e/"
  "lecon=formations/accueillir-un-eleve-de-3e/ce-que-l-eleve-peut-faire/"
)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
OUT=build/lighthouse

[ -f "$SITE/index.html" ] || { echo "Pas de site dans $SITE : lancez d'abord « passerelles build »." >&2; exit 1; }
for entry in "${PAGES[@]}"; do
  path=${entry#*=}
  [ -f "$SITE/${path}index.html" ] || { echo "Page absente du site : /$path" >&2; exit 1; }
done
if [ ! -x scripts/node_modules/.bin/lighthouse ]; then
  npm ci --prefix scripts --no-audit --no-fund --silent
fi
mkdir -p "$OUT"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Python's http.server does not compress: this small one gzips text files.
python3 - "$SITE" "$port" >/dev/null 2>&1 <<'PY' &
import functools
import gzip
import http.server
import io
import os
import sys

TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        if not path.endswith(TEXT) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        try:
            with open(path, "rb") as f:
                body = gzip.compress(f.read())
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


handler = functools.partial(Handler, directory=sys.argv[1])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), handler).serve_forever()
PY
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

for entry in "${PAGES[@]}"; do
  name=${entry%%=*}
  path=${entry#*=}
  scripts/node_modules/.bin/lighthouse "http://127.0.0.1:$port/$path" \
    --quiet \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$OUT/$name.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
done

python3 - "$OUT" "${PAGES[@]}" <<'PY'
import json
import sys
from pathlib import Path

out, pages = Path(sys.argv[1]), sys.argv[2:]
categories = ["performance", "accessibility", "best-practices", "seo"]
print(f"{'page':<8} {'URL':<66} " + " ".join(f"{c[:13]:>13}" for c in categories))
worst = 100
for entry in pages:
    name, path = entry.split("=", 1)
    report = json.loads((out / f"{name}.json").read_text("utf-8"))
    scores = [round(report["categories"][c]["score"] * 100) for c in categories]
    worst = min(worst, *scores)
    print(f"{name:<8} {'/' + path:<66} " + " ".join(f"{s:>13}" for s in scores))
    for c in categories:
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                print(f"         {c} : {audit['title']} ({audit.get('displayValue') or audit['score']})")
print(f"plus petit score : {worst}")
PY
