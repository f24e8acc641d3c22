#include <boost/test/unit_test.hpp>

#include "http/Routes.h"

using namespace passway::httpv2;

namespace {

std::optional<Endpoint> endpointOf(const std::string& uri) {
    const auto route = findRoute(uri);
    if (!route) return std::nullopt;
    return route->endpoint;
}

} // namespace

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(every_documented_path) {
    BOOST_TEST((endpointOf("/Device/Keepalive") == Endpoint::Keepalive));
    BOOST_TEST((endpointOf("/Device/UploadWorkSetting") == Endpoint::UploadWorkSetting));
    BOOST_TEST((endpointOf("/Device/DownloadWorkSetting") == Endpoint::DownloadWorkSetting));
    BOOST_TEST((endpointOf("/Device/RemoteCommand") == Endpoint::RemoteCommand));
    BOOST_TEST((endpointOf("/Device/RegisterIdentifyTicketResult") == Endpoint::RegisterIdentifyTicketResult));
    BOOST_TEST((endpointOf("/Device/UploadSnapshoot") == Endpoint::UploadSnapshot));
    BOOST_TEST((endpointOf("/Device/RequestAuthorization") == Endpoint::RequestAuthorization));
    BOOST_TEST((endpointOf("/People/DownloadPeopleList") == Endpoint::DownloadPeopleList));
    BOOST_TEST((endpointOf("/People/DownloadPeopleListResult") == Endpoint::DownloadPeopleListResult));
    BOOST_TEST((endpointOf("/People/DeletePeopleList") == Endpoint::DeletePeopleList));
    BOOST_TEST((endpointOf("/People/DeletePeopleListResult") == Endpoint::DeletePeopleListResult));
    BOOST_TEST((endpointOf("/People/PushPeople") == Endpoint::PushPeople));
    BOOST_TEST((endpointOf("/Record/UploadIdentifyRecord") == Endpoint::UploadIdentifyRecord));
    BOOST_TEST((endpointOf("/Record/UploadSystemRecord") == Endpoint::UploadSystemRecord));
}

BOOST_AUTO_TEST_CASE(aliases_of_the_keepalive_table_and_the_field) {
    BOOST_TEST((endpointOf("/People/SelectDeleteInfo") == Endpoint::DeletePeopleList));
    BOOST_TEST((endpointOf("/DevicePass/SelectPassInfo") == Endpoint::DownloadPeopleList));
    BOOST_TEST((endpointOf("/DevicePass/SelectDeleteInfo") == Endpoint::DeletePeopleList));
    BOOST_TEST((endpointOf("/Device/SelectRestart") == Endpoint::RemoteCommand));
    BOOST_TEST((endpointOf("devicePass/selectPassInfo") == Endpoint::DownloadPeopleList));
    BOOST_TEST((endpointOf("device/selectRestart") == Endpoint::RemoteCommand));
}

BOOST_AUTO_TEST_CASE(paths_match_case_insensitively_without_query_or_extra_slashes) {
    BOOST_TEST((endpointOf("/device/KEEPALIVE") == Endpoint::Keepalive));
    BOOST_TEST((endpointOf("//Device//Keepalive/") == Endpoint::Keepalive));
    BOOST_TEST((endpointOf("/Device/Keepalive?x=1#y") == Endpoint::Keepalive));
    BOOST_TEST((endpointOf("http://10.0.0.1:9001/Device/Keepalive") == Endpoint::Keepalive));
    BOOST_TEST(!endpointOf("/Device/Keepalive2"));
    BOOST_TEST(!endpointOf("/note/insertNoteFace"));
    BOOST_TEST(!endpointOf("/"));
}

BOOST_AUTO_TEST_CASE(files_by_sha256) {
    const std::string sha(64, 'a');
    const auto route = findRoute("/Passway/File/" + std::string(64, 'A') + ".jpg");
    BOOST_REQUIRE(route);
    BOOST_TEST((route->endpoint == Endpoint::File));
    BOOST_TEST(route->fileId == sha);
    BOOST_TEST(findRoute(filePath(sha, "bin"))->fileId == sha);
    BOOST_TEST(!findRoute("/Passway/File/../../etc/passwd"));
    BOOST_TEST(!findRoute("/Passway/File/" + std::string(63, 'a')));
    BOOST_TEST(!findRoute("/Passway/File/" + std::string(64, 'g')));
}

BOOST_AUTO_TEST_SUITE_END()
