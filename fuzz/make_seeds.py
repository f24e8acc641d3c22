#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from
the protocol documents' examples in ../shared/seeds (002 = httpv2, 001 =
tcpjson) and a few hand-written inputs. Run from the repository root when the
documents change; the output is committed, so CI needs neither this script
nor ../shared."""
import gzip, hashlib, os, re, struct, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "..", "shared", "seeds")
OUT = os.path.join(ROOT, "fuzz", "corpus")


def doc(prefix):
    name = next(f for f in sorted(os.listdir(SEEDS)) if f.startswith(prefix))
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read()


def objects(text):
    """The brace-balanced {...} texts of a document, outermost only."""
    found, depth, start, in_string, escaped = [], 0, None, False, False
    for i, c in enumerate(text):
        if in_string:
            if escaped: escaped = False
            elif c == "\\": escaped = True
            elif c == '"': in_string = False
            continue
        if c == '"' and depth > 0: in_string = True
        elif c == "{":
            if depth == 0: start = i
            depth += 1
        elif c == "}" and depth > 0:
            depth -= 1
            if depth == 0: found.append(text[start:i + 1])
    return found


def write(target, items):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    for item in items:
        data = item if isinstance(item, bytes) else item.encode("utf-8")
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
            f.write(data)


httpv2 = doc("002")
tcpjson = doc("001")
httpv2_objects = [o for o in objects(httpv2) if 2 < len(o) < 4000]
tcpjson_objects = [o for o in objects(tcpjson) if 2 < len(o) < 4000]

# Tolerant JSON: every example body of the httpv2 document (some are not
# strict JSON: bare names, trailing commas, bare words), plus the repairs.
write("fuzz_httpv2_json", httpv2_objects[:60] + ['\ufeff{"a":1,}\x00\x00', '{Num: 1, Data: "x"}', '{"UserID":xxx}'])

# Multipart: the document's PushPeople upload, with LF and CRLF line ends
# and the Detail part gzipped as the terminal sends it.
block = httpv2[httpv2.index("Content-Type: multipart/form-data; boundary="):]
block = block[:block.index("```")]
content_type, _, rest = block.partition("\n")
body = rest[rest.index("--"):]
detail = body[body.index("{"):body.index("}\n-") + 1] if "}\n-" in body else "{}"
write("fuzz_httpv2_multipart", [
    content_type.split(": ", 1)[1] + "\n" + body,
    content_type.split(": ", 1)[1] + "\n" + body.replace("\n", "\r\n"),
    (content_type.split(": ", 1)[1] + "\n").encode() +
        body.split(detail)[0].encode() + gzip.compress(detail.encode()) + body.split(detail)[1].encode(),
    "multipart/form-data; boundary=b\n--b\nContent-Disposition: form-data; name=sn\n\n SN1\n--b--\n",
])

# gzip and deflate bodies: first line is the Content-Encoding.
sample = httpv2_objects[0].encode() if httpv2_objects else b'{"a":1}'
write("fuzz_httpv2_gzip", [
    b"gzip\n" + gzip.compress(sample),
    b"gzip\n" + gzip.compress(sample) + gzip.compress(b'{"b":2}'),
    b"deflate\n" + zlib.compress(sample),
    b"x-gzip\n" + gzip.compress(sample)[:20],
    b"identity\n" + sample,
    b"br\n" + sample,
])

# The tcpjson stream: the document's objects back to back, read in pieces
# of various sizes (the first line).
stream = "\n".join(tcpjson_objects)
write("fuzz_tcpjson_splitter", ["\x00\x07\x3f\xff\n" + stream, "\n" + stream,
                                "\x01\n" + " ".join(tcpjson_objects[:3]),
                                "\n" + '{"mod":"x","s":"}{\\"\\\\"}'])


def masked(opcode, payload, fin=True, mask=0x11223344):
    data = payload.encode() if isinstance(payload, str) else payload
    head = bytes([(0x80 if fin else 0) | opcode])
    if len(data) < 126: head += bytes([0x80 | len(data)])
    elif len(data) < 65536: head += bytes([0x80 | 126]) + struct.pack(">H", len(data))
    else: head += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
    key = struct.pack(">I", mask)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(data))


upgrade = ("GET /ws HTTP/1.1\r\nHost: passway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()
first = tcpjson_objects[0] if tcpjson_objects else '{"mod":"x"}'
write("fuzz_tcpjson_websocket", [
    b"\n" + upgrade + b"".join(masked(1, o) for o in tcpjson_objects[:4]),
    b"\x03\x10\n" + upgrade + masked(1, first[:10], fin=False) + masked(9, "ping") + masked(0, first[10:]),
    b"\n" + upgrade + masked(8, b"\x03\xe8bye"),
    b"\n" + upgrade + masked(2, b"\x00" * 300),
])

# The network front: whole conversations as a terminal or a browser writes
# them (first line: write sizes). The document's keepalive, kept alive and
# pipelined; chunked and 100-continue bodies; the routes of the fuzz
# handler (/small's limit, /refuse, /stream, /close, /drop, /throw); heads
# over the header bounds; HTTP/1.0; a request cut short.
keepalive_body = next((o for o in httpv2_objects if '"SN"' in o or "SN" in o), '{"SN":"FC-8190H"}')
def post(path, body, extra=""):
    return ("POST %s HTTP/1.1\r\nHost: passway\r\nContent-Type: application/json\r\n%s"
            "Content-Length: %d\r\n\r\n%s" % (path, extra, len(body.encode()), body))
write("fuzz_net_http", [
    "\n" + post("/Device/Keepalive", keepalive_body, "Connection: keep-alive\r\n"),
    "\x05\x20\x01\n" + post("/Device/Keepalive", keepalive_body) * 3 + "GET /a HTTP/1.1\r\n\r\n",
    "\nPOST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n",
    "\nPOST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nwxyz",
    "\n" + post("/small", "x" * 100) + "GET /b HTTP/1.1\r\n\r\n",
    "\n" + post("/small", "x" * 64) + post("/small", "y" * 20),
    "\nPOST /small HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + "a" * 32 + "\r\n20\r\n" + "b" * 32 + "\r\n0\r\n\r\n",
    "\nPOST /small HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n" + "a" * 128 + "\r\n0\r\n\r\n",
    "\n" + post("/refuse", "y" * 50) + post("/ok", "z"),
    "\nGET /stream HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n",
    "\nGET /close HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n",
    "\nGET /drop HTTP/1.1\r\n\r\nGET /throw HTTP/1.1\r\n\r\nHEAD /h HTTP/1.1\r\n\r\n",
    "\nGET /big HTTP/1.1\r\nX-Long: " + "v" * 3000 + "\r\n\r\n",
    "\nGET /many HTTP/1.1\r\n" + "".join("X-%d: v\r\n" % i for i in range(30)) + "\r\n",
    "\nGET /old HTTP/1.0\r\n\r\n",
    "\nPOST /cut HTTP/1.1\r\nContent-Length: 1000\r\n\r\nonly this",
    "\nGET / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "\n\r\n\r\nGARBAGE\x00\xff HTTP/9.9\r\n\r\n",
])

# The person CSV import.
header = "userId,code,name,job,department,idCard,role,validFrom,validUntil,accessGroups,cards,password"
write("fuzz_admin_csv", [
    header + "\r\n7,E007,Li Lei,Engineer,R&D,,user,0,1900000000000,lobby|lab,1001|1002,2468\r\n",
    "\ufeff" + header + '\n8,,"Han, Meimei",,"Sales\nEast",,admin,,,,,\n\n',
    "name,userId\n\"=cmd\",9\n'x,10\n",
    "userId,name\n1,a\"b\n",
])

# Admin request bodies read through JsonFields and PersonJson.
write("fuzz_admin_json", [
    '{"userId":7,"name":"Li Lei","department":"R&D","accessGroups":["lobby"],"validUntil":1900000000000,'
    '"credentials":[{"kind":"card","value":"1001"},{"kind":"password","value":"2468"}]}',
    '{"name":"x","userId":"12","role":"admin","enabled":true,"groups":["a",""],"params":{"a":[1,2,{}]}}',
    '{"name":null,"validFrom":-1,"validUntil":253402300799999,"extra":{"k":"v"}}',
    '[1,2,3]',
])

# Scripts: the shipped ones (they meet no passway.* here and stop at the
# first call) and the sandbox's edges: patterns, memory, time, metatables.
scripts = []
for name in sorted(os.listdir(os.path.join(ROOT, "scripts"))):
    if name.endswith(".lua"):
        with open(os.path.join(ROOT, "scripts", name), encoding="utf-8") as f:
            scripts.append(f.read())
scripts += [
    'local s = string.rep("a", 5000) return s:find(".-.-b"), s:gsub("a*", "b"), select("#", s:match("((a)(a))"))',
    'local t = {} for i = 1, 1e6 do t[i] = string.rep("x", i) end',
    'while true do end',
    'local ok = pcall(function() while true do end end) return ok',
    'setmetatable({}, {__gc = function() end})',
    'return load("return 1")(), load("\\27Lua")',
    'local co = coroutine.wrap(function() for i = 1, 10 do coroutine.yield(i) end end) return co(), co()',
    'return ("%d"):format(3), ("x"):rep(3, ","), utf8.char(72, 228, 8364), table.concat({1, 2}, "-")',
]
write("fuzz_lua_sandbox", scripts)
