// passway.crypto: sha256, hmac_sha256, md5 (lower-case hex), base64_encode,
// base64_decode.

#include "script/api/Api.h"

#include "script/LuaApi.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

namespace passway::api {

namespace {

std::string hex(const unsigned char* bytes, unsigned size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string digest(const EVP_MD* md, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned size = 0;
    if (!EVP_Digest(data.data(), data.size(), out, &size, md, nullptr)) throw std::runtime_error("digest failed");
    return hex(out, size);
}

int pushString(lua_State* L, const std::string& s) {
    lua_pushlstring(L, s.data(), s.size());
    return 1;
}

int sha256(lua_State* L) { return pushString(L, digest(EVP_sha256(), lua::checkString(L, 1, "sha256: data"))); }

int md5(lua_State* L) { return pushString(L, digest(EVP_md5(), lua::checkString(L, 1, "md5: data"))); }

int hmacSha256(lua_State* L) {
    const std::string key = lua::checkString(L, 1, "hmac_sha256: key");
    const std::string data = lua::checkString(L, 2, "hmac_sha256: data");
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), out, &size)) {
        throw std::runtime_error("hmac failed");
    }
    return pushString(L, hex(out, size));
}

int base64Encode(lua_State* L) {
    const std::string data = lua::checkString(L, 1, "base64_encode: data");
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << data;
    encoder.close();
    return pushString(L, out.str());
}

int base64Decode(lua_State* L) {
    const std::string text = lua::checkString(L, 1, "base64_decode: text");
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
        return pushString(L, out);
    } catch (const std::exception&) {
        return lua::fail(L, "not base64");
    }
}

} // namespace

void openCrypto(lua_State* L) {
    const luaL_Reg functions[] = {
        {"sha256", lua::guarded<sha256>},
        {"md5", lua::guarded<md5>},
        {"hmac_sha256", lua::guarded<hmacSha256>},
        {"base64_encode", lua::guarded<base64Encode>},
        {"base64_decode", lua::guarded<base64Decode>},
        {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "crypto");
}

} // namespace passway::api
