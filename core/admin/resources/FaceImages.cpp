#include "admin/resources/FaceImages.h"

#include "admin/http/ApiError.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <vector>

namespace passway::admin {

namespace {

std::string decodeBase64(const std::string& field, std::string text) {
    if (text.rfind("data:", 0) == 0) {  // data:image/jpeg;base64,....
        const auto comma = text.find(',');
        if (comma == std::string::npos) throw ApiError::invalid(field, "a data: URL without a comma");
        text.erase(0, comma + 1);
    }
    std::string bytes;
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        Poco::StreamCopier::copyToString(decoder, bytes);
    } catch (const Poco::Exception&) {
        throw ApiError::invalid(field, "is not valid base64");
    }
    if (bytes.empty()) throw ApiError::invalid(field, "is empty");
    return bytes;
}

} // namespace

std::map<std::string, std::string> readFaceImages(RequestContext& ctx, std::initializer_list<const char*> names,
                                                  std::initializer_list<const char*> otherJsonKeys,
                                                  Poco::JSON::Object::Ptr& json) {
    std::map<std::string, std::string> images;
    const std::string type = ctx.mediaType();
    const bool single = names.size() == 1;
    if (type == "image/jpeg" || type == "image/png") {
        if (!single) throw ApiError::unsupportedMedia("send two images as JSON or multipart/form-data");
        if (ctx.body().empty()) throw ApiError::invalid(*names.begin(), "is empty");
        images[*names.begin()] = ctx.body();
        return images;
    }
    if (type == "multipart/form-data") {
        try {
            const Poco::Net::MediaType media(ctx.request().contentType());
            if (!media.hasParameter("boundary")) throw ApiError::badRequest("the multipart Content-Type has no boundary");
            std::istringstream in(ctx.body());
            Poco::Net::MultipartReader reader(in, media.getParameter("boundary"));
            while (reader.hasNextPart()) {
                Poco::Net::MessageHeader header;
                reader.nextPart(header);
                std::string disposition, content;
                Poco::Net::NameValueCollection parameters;
                Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
                Poco::StreamCopier::copyToString(reader.stream(), content);
                const std::string name = parameters.get("name", "");
                for (const char* wanted : names) {
                    if (name == wanted) images[name] = std::move(content);
                }
            }
        } catch (const Poco::Exception& e) {
            throw ApiError::badRequest("the multipart body is malformed: " + e.message());
        }
    } else {
        json = json::parseObject(ctx.body());
        const JsonFields f(json);
        std::vector<const char*> allowed(names);
        allowed.insert(allowed.end(), otherJsonKeys);
        for (const auto& [key, value] : *json) {
            bool known = false;
            for (const char* a : allowed) known = known || key == a;
            if (!known) throw ApiError::invalid(key, "unknown field");
        }
        for (const char* name : names) {
            if (const auto text = f.string(name, 64 * 1024 * 1024)) images[name] = decodeBase64(name, *text);
        }
    }
    for (const char* name : names) {
        if (!images.count(name) || images[name].empty()) {
            throw ApiError::invalid(name, "is required (an image, base64 in JSON or a multipart part)");
        }
    }
    return images;
}

} // namespace passway::admin
