"""Static de-obfuscation: every encoding attackers use is undone, nothing is executed, and the
work stays bounded on hostile input."""

from __future__ import annotations

import base64
import time

from scanner.detect import jsdecode
from scanner.detect.jsdecode import DecodeBudget, deobfuscate


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def charcodes(text: str) -> str:
    return ",".join(str(ord(c)) for c in text)


def texts(code: str) -> list[str]:
    return [p.text for p in deobfuscate(code).payloads]


def test_atob_literal_is_folded_in_place_and_returned() -> None:
    html = '<a href="https://gacor-maxwin88.com">slot gacor</a>'
    result = deobfuscate(f"document.write(atob('{b64(html)}'));")
    assert result.code == f"document.write({jsdecode._quote(html)});"
    assert [(p.method, p.text, p.depth) for p in result.payloads] == [("base64", html, 1)]


def test_eval_atob_nested_twice_reaches_the_inner_payload() -> None:
    inner = "document.body.innerHTML='<h1>Hacked by Anon</h1>'"
    level1 = f"eval(atob('{b64(inner)}'))"
    level2 = f"eval(atob('{b64(level1)}'))"
    payloads = deobfuscate(level2).payloads
    assert any(p.text == inner and p.depth == 2 for p in payloads)
    assert max(p.depth for p in payloads) <= jsdecode.MAX_DEPTH


def test_depth_is_capped() -> None:
    code = "alert('deep')"
    for _ in range(6):
        code = f"eval(atob('{b64(code)}'))"
    payloads = deobfuscate(code).payloads
    assert max(p.depth for p in payloads) == jsdecode.MAX_DEPTH
    assert all(p.text != "alert('deep')" for p in payloads)


def test_buffer_from_base64() -> None:
    code = f"var s = Buffer.from('{b64('https://slot-zeus88.net')}', 'base64').toString();"
    assert texts(code) == ["https://slot-zeus88.net"]


def test_fromcharcode_list_with_hex_and_simple_arithmetic() -> None:
    url = "https://hoki77.bet/"
    items = charcodes(url).split(",")
    items[0] = "0x68"
    items[1] = "100+16"
    code = f"location.href = String.fromCharCode({','.join(items)});"
    result = deobfuscate(code)
    assert result.code == f'location.href = "{url}";'


def test_fromcharcode_apply_and_spread() -> None:
    assert texts(f"String.fromCharCode.apply(null, [{charcodes('judi')}])") == ["judi"]
    assert texts(f"String.fromCharCode(...[{charcodes('togel')}])") == ["togel"]


def test_charcode_array_in_a_variable_with_a_shift_key() -> None:
    shifted = ",".join(str(ord(c) + 3) for c in "https://maxwin.example/")
    code = (
        f"var k=[{shifted}];var s='';"
        "for(var i=0;i<k.length;i++){s+=String.fromCharCode(k[i]-3)}location=s;"
    )
    assert "https://maxwin.example/" in texts(code)


def test_unescape_and_decodeuricomponent() -> None:
    code = "document.write(unescape('%3Cb%3Eslot%3C/b%3E%u0021'));"
    assert texts(code) == ["<b>slot</b>!"]
    assert texts("decodeURIComponent('%68%74%74%70%73')") == ["https"]


def test_hex_and_unicode_escaped_literal() -> None:
    code = r"var x = '\x73\x6c\x6f\x74\u0020\u0067\x61\x63\x6f\x72';"
    assert texts(code) == ["slot gacor"]


def test_concatenation_and_reverse() -> None:
    result = deobfuscate(
        "var d='sl'+'ot'+'88'+'.com'; var r='moc.livec'.split('').reverse().join('');"
    )
    assert result.code == 'var d="slot88.com"; var r="cevil.com";'
    assert {p.method for p in result.payloads} == {"concat", "reverse"}


def test_base64_literal_in_a_variable() -> None:
    payload = '<div style="display:none"><a href="https://x.example">daftar</a></div>'
    found = deobfuscate(f"var p = '{b64(payload)}'; document.write(atob(p));").payloads
    assert [(p.method, p.text) for p in found] == [("base64-literal", payload)]


def test_benign_values_are_not_payloads() -> None:
    image = (
        "var logo='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
        "mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';"
    )
    assert texts(image) == []
    # An id that happens to be valid base64 is not decoded into noise.
    assert texts("gtag('config', 'G-ABCDEF1234567890ABCDEFGH');") == []
    # fromCharCode used on key codes, with no char-code data to decode.
    assert texts("el.onkeyup=function(e){var c=String.fromCharCode(e.keyCode);}") == []
    # Binary base64 decodes to nothing.
    assert jsdecode.decode_base64(base64.b64encode(bytes(range(256))).decode()) is None


def test_budget_bounds_total_decoding() -> None:
    big = b64("A" * 50_000)
    budget = DecodeBudget(60_000)
    first = deobfuscate(f"atob('{big}')", budget).payloads
    second = deobfuscate(f"atob('{big}')", budget).payloads
    assert len(first) == 1 and second == ()
    assert budget.remaining == 10_000


def test_hostile_input_is_fast() -> None:
    start = time.perf_counter()
    deobfuscate("'" + "\\" * 200_000)
    deobfuscate("String.fromCharCode(" + "1," * 200_000)
    deobfuscate("'a'+" * 50_000)
    assert time.perf_counter() - start < 5


def test_unescape_js_edge_cases() -> None:
    assert jsdecode.unescape_js(r"a\u{1F600}b\101\n\q") == "a\U0001f600bA\nq"
    assert jsdecode.string_literals("f('x', \"y\", `z`)") == ["x", "y", "z"]
