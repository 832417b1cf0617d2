"""Object put/get through ``ObjectStore`` beside raw ``minio`` calls (part of bench/catalog.py).

    .venv/bin/python bench/catalog.py --only objects      # or: python -m bench.catalog_objects

Like with like: both sides talk to the same embedded SeaweedFS bucket (versioned, object
lock), through the same urllib3 pool, with the same object sizes, the same 16 MiB parts,
metadata and retention headers, and read in the same 1 MiB chunks. What differs is what
the storage API must do: SHA-256 of the file for its key (and, for one part, reused as
the SigV4 payload hash that raw minio computes itself), and SHA-256 of every read,
checked at its end. Ours and raw alternate who goes first, object by object, in several
rounds; each round gives a median per side, and the ratio of medians is printed for
every round (spread) and over all samples.

The S3 server runs on the same cores as the client, so a second table counts CPU time
per get: the client's (this process) and the server's (the weed process, from /proc).
Wall time can never be less than all the CPU time spent divided by the cores, so
``(client + server CPU of ours) / cores / raw wall`` is the lowest ratio any reader that
hashes could reach on this machine, however well it overlapped the hashing.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from pathlib import Path

from minio import Minio

from storage import EmbeddedS3, ObjectStore, ObjectStoreSettings
from storage.objects import PART_SIZE

MiB = 2**20
#: (size, objects per round): small scans, a typical signed dossier, a big multipart one.
SIZES = ((256 * 1024, 40), (4 * MiB, 12), (64 * MiB, 2))


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process (its threads included), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client_cpu() -> float:
    t = os.times()
    return t.user + t.system


def _raw_get(raw: Minio, key: str, version_id: str | None, *, hash_it: bool) -> None:
    resp = raw.get_object("bench", key, version_id=version_id)
    digest = hashlib.sha256()
    try:
        while data := resp.read(MiB):
            if hash_it:
                digest.update(data)
    finally:
        resp.close()
        resp.release_conn()


def _line(
    size: int,
    op: str,
    ours: list[list[float]],
    raw: list[list[float]],
    floor: list[list[float]] | None = None,
) -> None:
    def med(rounds: list[list[float]]) -> float:
        return statistics.median(x for r in rounds for x in r)

    mo, mr = med(ours), med(raw)
    per_round = [
        statistics.median(o) / statistics.median(r) for o, r in zip(ours, raw, strict=True)
    ]
    label = f"{size // MiB} MiB" if size >= MiB else f"{size // 1024} KiB"
    extra = f"{med(floor) * 1000:9.2f} {mo / med(floor):6.2f}x" if floor else f"{'':9} {'':7}"
    print(
        f"  {label:<8} {op:<4} {mo * 1000:9.2f} {mr * 1000:9.2f} {mo / mr:6.2f}x "
        f"{extra}  " + " ".join(f"{x:.2f}" for x in per_round)
    )


def _cpu_table(budgets: list[tuple[int, list[tuple[float, float]], list[list[float]]]]) -> None:
    cores = len(os.sched_getaffinity(0))
    print(
        f"\n  CPU per get, ms (client = this process, server = weed; {cores} cores):\n"
        f"  {'size':<8} {'ours cli':>9} {'srv':>7} {'raw cli':>9} {'srv':>7} "
        f"{'floor cli':>9} {'srv':>7}  {'lowest ours/raw on these cores':>30}"
    )
    for size, sides, raw_walls in budgets:
        (oc, osv), (rc, rsv), (fc, fsv) = sides
        raw_wall = statistics.median(x for r in raw_walls for x in r)
        bound = (oc + osv) / cores / raw_wall
        label = f"{size // MiB} MiB" if size >= MiB else f"{size // 1024} KiB"
        print(
            f"  {label:<8} {oc * 1e3:9.2f} {osv * 1e3:7.2f} {rc * 1e3:9.2f} {rsv * 1e3:7.2f} "
            f"{fc * 1e3:9.2f} {fsv * 1e3:7.2f}  {bound:30.2f}x"
        )
    print(
        "  (lowest = (ours client + server CPU) / cores / raw wall: no reader that checks\n"
        "   SHA-256 can be faster than this here, whatever it overlaps)"
    )


def run_objects(workdir: Path, rounds: int = 3) -> None:
    server = EmbeddedS3(workdir / "s3data")
    t0 = time.perf_counter()
    ep = server.start()
    print(
        f"\nobjects: embedded SeaweedFS answered on {ep.endpoint} after "
        f"{time.perf_counter() - t0:.1f} s"
    )
    try:
        store = ObjectStore(
            ObjectStoreSettings(
                ep.endpoint,
                ep.access_key,
                ep.secret_key,
                bucket="bench",
                lock_mode="GOVERNANCE",
                retention_days=1,
            )
        )
        raw = store.client
        assert server.proc is not None
        server_pid = server.proc.pid
        budgets: list[tuple[int, list[tuple[float, float]], list[list[float]]]] = []
        print(
            "  (ours: ObjectStore.put_file, existence known from the catalogue as in\n"
            "   Storage.ingest (no HEAD) / ObjectStore.open read to the end, SHA-256\n"
            "   checked; raw: minio fput_object with the same headers and parts /\n"
            "   get_object of the same version id, read to the end, no hash;\n"
            f"   {rounds} rounds, alternating order; ms = median per object)"
        )
        print(
            "  (floor: raw get hashing each chunk inline, what any reader that checks\n"
            "   SHA-256 must at least spend; ratio = ours / raw, median of all samples)"
        )
        print(
            f"  {'size':<8} {'op':<4} {'ours ms':>9} {'raw ms':>9} {'ratio':>7} "
            f"{'floor ms':>9} {'/floor':>7}  ratio per round"
        )
        for size, count in SIZES:
            puts: tuple[list[list[float]], list[list[float]]] = ([], [])
            gets: tuple[list[list[float]], ...] = ([], [], [])
            cpu = [[0.0, 0.0] for _ in range(3)]  # per side: client, server CPU seconds
            for rnd in range(rounds):
                for side in (*puts, *gets):
                    side.append([])
                files = []
                for i in range(2 * count):
                    p = workdir / f"obj-{i}.bin"
                    p.write_bytes(os.urandom(size))
                    files.append(p)
                stored = []
                raw_keys: list[tuple[str, str | None]] = []
                for i in range(count):
                    for who in (0, 1) if i % 2 == 0 else (1, 0):
                        t = time.perf_counter()
                        if who == 0:
                            stored.append(store.put_file(files[2 * i], known=lambda _k: None))
                        else:
                            key = f"raw/{size}/{rnd}/{i}"
                            res = raw.fput_object(
                                "bench",
                                key,
                                str(files[2 * i + 1]),
                                metadata={"sha256": "0" * 64},
                                retention=store._retention(),
                                part_size=PART_SIZE,
                                num_parallel_uploads=1,
                            )
                            raw_keys.append((key, res.version_id))
                        puts[who][-1].append(time.perf_counter() - t)
                for i in range(count):
                    for who in (0, 1, 2) if (i + rnd) % 2 == 0 else (2, 1, 0):
                        c0, s0 = _client_cpu(), _cpu_of(server_pid)
                        t = time.perf_counter()
                        if who == 0:
                            o = stored[i]
                            with store.open(o.key, o.sha256, o.size, o.version_id) as src:
                                while src.read(MiB):
                                    pass
                        else:
                            _raw_get(raw, *raw_keys[i], hash_it=who == 2)
                        gets[who][-1].append(time.perf_counter() - t)
                        cpu[who][0] += _client_cpu() - c0
                        cpu[who][1] += _cpu_of(server_pid) - s0
                for p in files:
                    p.unlink()
            _line(size, "put", *puts)
            _line(size, "get", gets[0], gets[1], gets[2])
            n = rounds * count
            budgets.append((size, [(c / n, sv / n) for c, sv in cpu], gets[1]))
        _cpu_table(budgets)
    finally:
        t0 = time.perf_counter()
        server.stop()
        print(f"  embedded SeaweedFS stopped in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    import argparse
    import sys
    import tempfile

    ap = argparse.ArgumentParser(description="object put/get: ObjectStore vs raw minio")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    la = os.getloadavg()
    print(f"load average at start: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f}")
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        run_objects(Path(tmp), args.rounds)
    la = os.getloadavg()
    print(f"load average at end: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f}")
    sys.exit(0)
