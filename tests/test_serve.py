"""`gongkai serve` as a real process: starts, answers over HTTP and WebSocket, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

from bot.crypto import new_key

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_healthy(url: str) -> dict:
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.get(url) as response:
                    return await response.json()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError("server did not come up")


def start_serve(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`gongkai … serve` as a real process, its output captured as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args, "serve"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


async def test_serve_runs_and_stops_on_sigterm(tmp_path):
    port = free_port()
    config = tmp_path / "c.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\n[web]\nport = {port}\n', encoding="utf-8")
    process = start_serve("--config", str(config))
    try:
        assert (await wait_healthy(f"http://127.0.0.1:{port}/healthz"))["status"] == "ok"
        async with aiohttp.ClientSession() as http, http.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
            chat = (await ws.receive_json())["chat"]
            await ws.send_json({"type": "action", "action": "calc:fee"})
            assert "请输入件数" in (await ws.receive_json())["text"]
            process.send_signal(signal.SIGTERM)
            closing = await asyncio.wait_for(ws.receive(), timeout=10)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out and "已停止" in out and "Traceback" not in err
    # With no staff account yet, it says how to create the first one.
    assert f"http://127.0.0.1:{port}/staff/" in out and "gongkai staff add 姓名 --role admin" in out
    assert "微信未启用" in out

    from bot.store import Store
    from handlers.session import Session

    store = Store.open(tmp_path / "g.db")
    assert store.load_session("web", chat) == Session(flow="calc", step="fee")
    store.close()


def test_port_in_use_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        config = tmp_path / "c.toml"
        config.write_text(f'[store]\npath = "{tmp_path / "g.db"}"\n[web]\nport = {port}\n', encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), "serve"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=30,
            # With a key given, no key file is generated (and announced) before the port is tried.
            env={**os.environ, "GONGKAI_KEY": new_key()},
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"无法在 127.0.0.1:{port} 上启动") and "Traceback" not in result.stderr


async def test_gongkai_config_with_info_logs_no_credentials_and_no_tracebacks(tmp_path):
    """GONGKAI_CONFIG names the file; at INFO the access log leaves out query strings (`/ws?chat=<id>` is a chat's
    credential), and a malformed request is one log line, not a traceback."""
    port = free_port()
    config = tmp_path / "c.toml"
    config.write_text(
        f'[store]\npath = "{tmp_path / "g.db"}"\n[web]\nport = {port}\n[log]\nlevel = "INFO"\n', encoding="utf-8"
    )
    process = start_serve(env={**os.environ, "GONGKAI_CONFIG": str(config), "GONGKAI_KEY": new_key()})
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_healthy(f"{base}/healthz?probe=secret-value")
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"{base}/ws") as ws:
                chat = (await ws.receive_json())["chat"]
                await ws.send_json({"type": "message", "text": "/start"})
                await ws.receive_json()
            async with http.ws_connect(f"{base}/ws?chat={chat}") as ws:
                assert (await ws.receive_json())["chat"] == chat
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n")
        await reader.read()
        writer.close()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert '"GET /ws" 101' in err and '"GET /healthz" 200' in err and "Error handling request" in err
    assert chat not in err and "secret-value" not in err and "?" not in err and "Traceback" not in err
