#pragma once

// What a simulated terminal holds and did, for tests to assert on.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

namespace passway::sim::httpv2 {

// A person stored from /People/DownloadPeopleList.
struct StoredPerson {
    std::uint32_t userId = 0;
    bool userIdWasString = false;  // the document's table: UserID is a string
    std::string name;
    std::string cardNum;
    Poco::JSON::Object::Ptr detail;  // the PeopleJson object as the server sent it
    std::string photo;               // bytes fetched from the Photo URL or decoded from base64
    std::string photoSource;         // "url", "base64" or "" when the person has no photo
    std::string photoMd5;            // PhotoMD5 as the server sent it
    std::string photoMd5Computed;    // uppercase hex MD5 of `photo`
    int timesReceived = 0;

    bool photoVerified() const { return !photo.empty() && photoMd5 == photoMd5Computed; }
};

// A failure the terminal reports for a person in DownloadPeopleListResult.
struct PersonFailure {
    int errorCode = 0;     // the document's errorCode table (1-6, 20-32)
    std::string repeatId;  // the user it collides with, "" when none
    std::string errMsg;
    int times = 0;         // 0: reported until cleared; n: for the next n attempts only (storage freed, link back)
};

struct DoorState {
    int relayStatus = 0;
    int keepOpenStatus = 0;
    int doorSensorStatus = 0;
    int lockDoorStatus = 0;
    std::string alarmStatus;  // "" or e.g. "fire,blacklist"
    int timesOpened = 0;      // Opendoor = 1 received
};

// One request/answer the terminal exchanged.
struct CallRecord {
    std::string method;
    std::string path;
    std::string requestJson;  // JSON body or detail before compression ("" for others)
    int httpStatus = 0;       // 0: no answer (transport error)
    int success = -1;         // the answer's Success, -1 when absent
    std::string message;
    std::string replyBody;
    std::string error;   // transport error
    int connection = 0;  // ordinal of the connection it went over
};

struct ExecutedCommand {
    std::string name;     // the RemoteCommand field: Opendoor, Restart, Snapshoot, ...
    std::string value;    // its value as JSON text
    std::string outcome;  // what the terminal did
};

struct SystemRecord {
    std::uint64_t recordId = 0;
    int kind = 2;        // 1: door sensor record, 2: system record
    int recordType = 0;  // the event type of that table
    std::int64_t recordDate = 0;
    bool uploaded = false;
};

struct SessionReport {
    bool connected = false;
    int keepaliveStatus = 0;    // HTTP status of the keepalive answer
    int keepaliveSuccess = -1;  // its Success
    std::string keepaliveMessage;
    Poco::JSON::Object::Ptr keepaliveReply;
    std::vector<std::string> steps;  // paths called, in order
    bool stoppedByServer = false;    // an HTTP status other than 200, or Success 401/403
    std::string error;               // transport error, if any
    int connections = 0;             // connections the session opened
    int recordsUploaded = 0;
    int peopleStored = 0;
    int peopleFailed = 0;
    int peopleDeleted = 0;
    bool restarted = false;

    bool ok() const { return keepaliveSuccess == 1 && error.empty() && !stoppedByServer; }
};

}  // namespace passway::sim::httpv2
