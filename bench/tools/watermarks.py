#!/usr/bin/env python3
"""Input watermark of every operator subtask of the bench's job, every 10 s, in market hours.

    BENCH_REST_PORT=18081 bench/run --mode job --symbols 200 --days 6 &
    python3 bench/tools/watermarks.py 18081 > watermarks.txt

Reads the mini-cluster's REST API (/jobs/<id>/vertices/<id>/watermarks) until the job ends and
prints, per poll, the hours since the bench's start (2024-01-01) that each subtask's input
watermark has reached. Flink refreshes these metrics about every 10 s, so two columns of one line
may be a few seconds apart.
"""
import json
import sys
import time
import urllib.request

START = 1704067200000
base = 'http://localhost:%s' % (sys.argv[1] if len(sys.argv) > 1 else '18081')


def get(path):
    return json.load(urllib.request.urlopen(base + path, timeout=10))


job = None
vertices = []
t0 = None
while True:
    try:
        if job is None:
            jobs = get('/jobs/overview')['jobs']
            if jobs:
                job = jobs[0]['jid']
                vertices = get('/jobs/%s' % job)['vertices']
                print('t(s) | ' + ' | '.join(v['name'][:40] for v in vertices))
        elif get('/jobs/%s' % job)['state'] != 'RUNNING':
            break
        else:
            now = time.time()
            t0 = t0 or now
            cells = []
            for v in vertices:
                marks = get('/jobs/%s/vertices/%s/watermarks' % (job, v['id']))
                cells.append('/'.join('%.1f' % ((float(m['value']) - START) / 3.6e6)
                                      if float(m['value']) > 0 else '-' for m in marks))
            print('%4d | %s' % (now - t0, ' | '.join(cells)), flush=True)
    except OSError:
        if job is not None:
            break
    time.sleep(10)
