#include "http/Routes.h"

#include <array>
#include <cctype>
#include <utility>

namespace passway::httpv2 {

namespace {

constexpr std::string_view kFilePrefix = "/passway/file/";

constexpr std::array<std::pair<std::string_view, Endpoint>, 19> kRoutes{{
    {"/device/keepalive", Endpoint::Keepalive},
    {"/device/uploadworksetting", Endpoint::UploadWorkSetting},
    {"/device/downloadworksetting", Endpoint::DownloadWorkSetting},
    {"/device/remotecommand", Endpoint::RemoteCommand},
    {"/device/selectrestart", Endpoint::RemoteCommand},
    {"/device/registeridentifyticketresult", Endpoint::RegisterIdentifyTicketResult},
    {"/device/uploadsnapshoot", Endpoint::UploadSnapshot},
    {"/device/uploadsnapshot", Endpoint::UploadSnapshot},
    {"/device/requestauthorization", Endpoint::RequestAuthorization},
    {"/people/downloadpeoplelist", Endpoint::DownloadPeopleList},
    {"/devicepass/selectpassinfo", Endpoint::DownloadPeopleList},
    {"/people/downloadpeoplelistresult", Endpoint::DownloadPeopleListResult},
    {"/people/deletepeoplelist", Endpoint::DeletePeopleList},
    {"/people/selectdeleteinfo", Endpoint::DeletePeopleList},
    {"/devicepass/selectdeleteinfo", Endpoint::DeletePeopleList},
    {"/people/deletepeoplelistresult", Endpoint::DeletePeopleListResult},
    {"/people/pushpeople", Endpoint::PushPeople},
    {"/record/uploadidentifyrecord", Endpoint::UploadIdentifyRecord},
    {"/record/uploadsystemrecord", Endpoint::UploadSystemRecord},
}};

bool isHex(std::string_view text) {
    for (const char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

} // namespace

std::string normalizePath(std::string_view uri) {
    const std::size_t end = uri.find_first_of("?#");
    if (end != std::string_view::npos) uri = uri.substr(0, end);
    // An absolute-form request target (http://host/path) keeps only its path.
    if (const std::size_t scheme = uri.find("://"); scheme != std::string_view::npos && scheme < 8) {
        const std::size_t path = uri.find('/', scheme + 3);
        uri = path == std::string_view::npos ? std::string_view("/") : uri.substr(path);
    }
    std::string path;
    path.reserve(uri.size() + 1);
    for (const char c : uri) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == '/' && !path.empty() && path.back() == '/') continue;
        path += lower;
    }
    if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

std::optional<Route> findRoute(std::string_view uri) {
    const std::string path = normalizePath(uri);
    for (const auto& [known, endpoint] : kRoutes) {
        if (path == known) return Route{endpoint, ""};
    }
    if (path.size() > kFilePrefix.size() && path.compare(0, kFilePrefix.size(), kFilePrefix) == 0) {
        std::string id = path.substr(kFilePrefix.size());
        if (const std::size_t dot = id.find('.'); dot != std::string::npos) id.resize(dot);
        if (id.size() == 64 && isHex(id)) return Route{Endpoint::File, id};
    }
    return std::nullopt;
}

const char* endpointPath(Endpoint endpoint) {
    switch (endpoint) {
    case Endpoint::Keepalive: return "/Device/Keepalive";
    case Endpoint::UploadWorkSetting: return "/Device/UploadWorkSetting";
    case Endpoint::DownloadWorkSetting: return "/Device/DownloadWorkSetting";
    case Endpoint::RemoteCommand: return "/Device/RemoteCommand";
    case Endpoint::RegisterIdentifyTicketResult: return "/Device/RegisterIdentifyTicketResult";
    case Endpoint::UploadSnapshot: return "/Device/UploadSnapshoot";
    case Endpoint::RequestAuthorization: return "/Device/RequestAuthorization";
    case Endpoint::DownloadPeopleList: return "/People/DownloadPeopleList";
    case Endpoint::DownloadPeopleListResult: return "/People/DownloadPeopleListResult";
    case Endpoint::DeletePeopleList: return "/People/DeletePeopleList";
    case Endpoint::DeletePeopleListResult: return "/People/DeletePeopleListResult";
    case Endpoint::PushPeople: return "/People/PushPeople";
    case Endpoint::UploadIdentifyRecord: return "/Record/UploadIdentifyRecord";
    case Endpoint::UploadSystemRecord: return "/Record/UploadSystemRecord";
    case Endpoint::File: return "/Passway/File";
    }
    return "";
}

std::string filePath(const std::string& sha256, std::string_view extension) {
    std::string path = "/Passway/File/" + sha256;
    if (!extension.empty()) path += "." + std::string(extension);
    return path;
}

} // namespace passway::httpv2
