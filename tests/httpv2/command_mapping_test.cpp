#include <boost/test/unit_test.hpp>

#include "mapping/CommandMapping.h"

#include <Poco/JSON/Array.h>

#include <sstream>

using namespace passway::httpv2;

namespace {

class Files final : public FileResolver {
public:
    std::optional<FileRef> file(const std::string& sha256) override {
        if (sha256 != std::string(64, 'a')) return std::nullopt;
        return FileRef{"http://10.0.0.1:9001/Passway/File/" + sha256 + ".bin", "613D870CA99EDF074BEE4387BAB09070"};
    }
};

std::string text(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream out;
    o->stringify(out);
    return out.str();
}

MappedCommand map(const std::string& kind, const std::string& args, TicketForm form = TicketForm::Object) {
    Files files;
    CommandMappingOptions options;
    options.ticketForm = form;
    return mapCommand(kind, args, files, options);
}

} // namespace

BOOST_AUTO_TEST_SUITE(command_mapping)

BOOST_AUTO_TEST_CASE(door_commands) {
    BOOST_TEST(text(map("open_door", "{}").fields) == R"({"Opendoor":1})");
    BOOST_TEST(text(map("open_door", R"({"door":2})").fields) == R"({"Opendoor":2})");
    BOOST_TEST(text(map("open_door", R"({"mode":"lock"})").fields) == R"({"Opendoor":4})");
    BOOST_TEST(text(map("unlock_door", "{}").fields) == R"({"Opendoor":5})");
    BOOST_TEST(!map("open_door", R"({"door":9})").error.empty());
    BOOST_TEST((map("open_door", "{}").channel == CommandChannel::Remote));
    BOOST_TEST(!map("open_door", "{}").awaitsResult);
}

BOOST_AUTO_TEST_CASE(single_flag_commands) {
    BOOST_TEST(text(map("restart", "{}").fields) == R"({"Restart":1})");
    BOOST_TEST(text(map("factory_reset", "{}").fields) == R"({"Recover":1})");
    BOOST_TEST(text(map("close_alarm", "{}").fields) == R"({"Closealarm":1})");
    BOOST_TEST(text(map("push_all_persons", "{}").fields) == R"({"PushAllPeople":1})");
    BOOST_TEST(text(map("clear_records", "{}").fields) == R"({"ClearRecord":1})");
    const auto repost = map("repost_records", R"({"from":1,"to":2})");
    BOOST_TEST(text(repost.fields) == R"({"RepostRecord":1})");
    BOOST_TEST(!repost.note.empty());
    const auto snapshot = map("snapshot", "{}");
    BOOST_TEST(text(snapshot.fields) == R"({"Snapshoot":1})");
    BOOST_TEST(snapshot.awaitsResult);
}

BOOST_AUTO_TEST_CASE(query_persons_sends_numbers) {
    BOOST_TEST(text(map("query_persons", R"({"userIds":[1,"2",3]})").fields) == R"({"QueryPeople":[1,2,3]})");
    BOOST_TEST(!map("query_persons", "{}").error.empty());
    BOOST_TEST(!map("query_persons", R"({"userIds":[0]})").error.empty());
}

BOOST_AUTO_TEST_CASE(register_ticket_as_object_by_default_and_flat_by_choice) {
    const auto object = map("register_identify_ticket", R"({"userId":1,"type":"face"})");
    BOOST_TEST(text(object.fields) == R"({"RegisterIdentifyTicket":{"RegisterType":4,"UserID":1}})");
    BOOST_TEST(object.awaitsResult);
    BOOST_TEST(object.userId == 1u);
    const auto withIndex = map("register_identify_ticket", R"({"userId":7,"type":3,"index":2})");
    BOOST_TEST(text(withIndex.fields) == R"({"RegisterIdentifyTicket":{"RegisterType":3,"UserID":7,"RegisterIndex":2}})");
    const auto flat = map("register_identify_ticket", R"({"userId":1,"type":4})", TicketForm::Flat);
    BOOST_TEST(text(flat.fields) == R"({"RegisterIdentifyTicket":4,"RegisterIdentifyUserID":1})");
    BOOST_TEST(!map("register_identify_ticket", R"({"type":4})").error.empty());
    BOOST_TEST(!map("register_identify_ticket", R"({"userId":1,"type":3,"index":10})").error.empty());
}

BOOST_AUTO_TEST_CASE(elevator_ports) {
    BOOST_TEST(text(map("elevator", R"({"ports":[1,2,3]})").fields) == R"({"OpenElevatorPort":"1,2,3"})");
    BOOST_TEST(text(map("elevator", R"({"ports":"4, 5","action":"lock"})").fields) == R"({"LockElevatorPort":"4,5"})");
    BOOST_TEST(!map("elevator", R"({"ports":[65]})").error.empty());
    BOOST_TEST(!map("elevator", "{}").error.empty());
}

BOOST_AUTO_TEST_CASE(firmware_from_the_blob_store_or_a_url) {
    const auto blob = map("firmware", R"({"blob":")" + std::string(64, 'a') + R"(","version":"8.47"})");
    BOOST_TEST(blob.error == "");
    BOOST_TEST(text(blob.fields) ==
               R"({"PushSoftware":{"SoftwareURL":"http://10.0.0.1:9001/Passway/File/)" + std::string(64, 'a') +
                   R"(.bin","SoftwareMD5":"613D870CA99EDF074BEE4387BAB09070","SoftwareVer":"8.47"}})");
    const auto url = map("firmware", R"({"url":"http://x/fw.bin","md5":"613d870ca99edf074bee4387bab09070","version":"9"})");
    BOOST_TEST(text(url.fields) ==
               R"({"PushSoftware":{"SoftwareURL":"http://x/fw.bin","SoftwareMD5":"613D870CA99EDF074BEE4387BAB09070","SoftwareVer":"9"}})");
    BOOST_TEST(!map("firmware", R"({"blob":")" + std::string(64, 'b') + R"(","version":"1"})").error.empty());
    BOOST_TEST(!map("firmware", R"({"url":"http://x","md5":"nope","version":"1"})").error.empty());
    BOOST_TEST(!map("firmware", R"({"url":"http://x","md5":"613d870ca99edf074bee4387bab09070"})").error.empty());
}

BOOST_AUTO_TEST_CASE(system_files) {
    const auto files =
        map("system_files", R"({"files":[{"type":"standby","index":3,"blob":")" + std::string(64, 'a') +
                                R"("},{"type":2,"delete":true}]})");
    BOOST_TEST(files.error == "");
    const auto list = files.fields->getArray("PushSystemFile");
    BOOST_REQUIRE(list);
    BOOST_TEST(list->size() == 2u);
    BOOST_TEST(list->getObject(0)->getValue<int>("FileType") == 1);
    BOOST_TEST(list->getObject(0)->getValue<int>("FileIndex") == 3);
    BOOST_TEST(list->getObject(0)->getValue<std::string>("FileMD5") == "613D870CA99EDF074BEE4387BAB09070");
    BOOST_TEST(list->getObject(1)->getValue<int>("IsDelete") == 1);
    BOOST_TEST(!map("system_files", R"({"files":[{"type":1,"index":9,"delete":1}]})").error.empty());
}

BOOST_AUTO_TEST_CASE(channels_of_commands_that_ride_on_keepalive_flags) {
    BOOST_TEST((commandChannel("upload_settings") == CommandChannel::UploadWorkParameter));
    BOOST_TEST((commandChannel("sync_time") == CommandChannel::SyncParameter));
    BOOST_TEST((commandChannel("sync_parameters") == CommandChannel::SyncParameter));
    BOOST_TEST((commandChannel("clear_persons") == CommandChannel::DeletePeople));
    BOOST_TEST((commandChannel("snapshot") == CommandChannel::Remote));
    BOOST_TEST((commandChannel("make_coffee") == CommandChannel::Unsupported));
    BOOST_TEST(map("upload_settings", "{}").error == "");
    BOOST_TEST(!map("upload_settings", "{}").fields);
    const auto unknown = map("make_coffee", "{}");
    BOOST_TEST(unknown.error.find("httpv2 has no command 'make_coffee'") == 0);
    BOOST_TEST(!map("open_door", "[1]").error.empty());  // args must be an object
}

BOOST_AUTO_TEST_CASE(commands_needing_the_same_member_collide) {
    Poco::JSON::Object reply;
    reply.set("Success", 1);
    reply.set("Opendoor", 1);
    BOOST_TEST(collides(reply, *map("lock_door", "{}").fields));
    BOOST_TEST(!collides(reply, *map("restart", "{}").fields));
}

BOOST_AUTO_TEST_SUITE_END()
