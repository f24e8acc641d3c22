// /Device/RequestAuthorization: online authorization of one record within
// the terminal's 2 s budget. A terminal that is pending or disabled gets the
// document's refusal (Success 0 + Message). The rules live in mapping/OnlineAuthorization;
// this gathers the facts (the person by UserID, card or QR code, the
// terminal's time groups and time zone, passes used when limited), then asks
// the host's scripts (PluginContext::authorize) for up to
// authorization_script_ms; their decision wins, and the built-in verdict
// stands when none comes in time.

#include "handlers/Handlers.h"

#include "mapping/OnlineAuthorization.h"
#include "mapping/RecordDetail.h"

#include <Poco/Logger.h>
#include <Poco/Timezone.h>

namespace passway::httpv2 {

namespace {

// Why a terminal that is not active is refused; nullopt when it is active.
std::optional<AuthorizationVerdict> inactiveRefusal(const DeviceEntry& device) {
    DeviceState state;
    {
        std::lock_guard lock(device.mutex);
        state = device.state;
    }
    if (state == DeviceState::Pending) return AuthorizationVerdict{0, "Device is not activated", "device_pending"};
    if (state == DeviceState::Disabled) return AuthorizationVerdict{0, "Device is disabled", "device_disabled"};
    return std::nullopt;
}

} // namespace

void handleRequestAuthorization(Exchange& ex) {
    // Bounded work before identity: the SN field identifies the terminal
    // before its detail is parsed; the detail is read first only when the
    // terminal put its SN nowhere else.
    std::string raw;
    Poco::JSON::Object::Ptr detail;
    std::string serial = ex.formText({"SN"});
    if (serial.empty()) {
        detail = ex.formJson({"RecordDetail", "recordJson"}, &raw);
        serial = Exchange::serialOf(JsonFields(detail));
    }
    const auto device = ex.identify(serial);
    if (!detail) detail = ex.formJson({"RecordDetail", "recordJson"}, &raw);
    auto& s = ex.services();
    if (const auto refusal = inactiveRefusal(*device)) {
        // The document's answer (Success 0 + Message), not a 401 the
        // terminal's authorization path does not know: the door stays shut
        // and the terminal shows why. Scripts are not asked: nobody vouched
        // for this terminal yet.
        s.context.logger().information(ex.who() + ": authorization refused: " + refusal->message);
        const auto event = events::deviceAuthorization(device->id, device->serial, s.context.pluginId(),
                                                       std::nullopt, 0, refusal->reason);
        s.context.publish(event.topic, event.payload);
        Reply reply = Reply::withSuccess(0);
        reply.set("Message", refusal->message);
        ex.send(reply);
        return;
    }
    auto& persons = s.context.persons();

    const RecordDetail record = readRecordDetail(detail, raw, ex.now());
    std::optional<Person> person;
    if (record.record.userId) person = persons.find(*record.record.userId);
    if (!person && record.cardNum) person = persons.findByCredential("card", *record.cardNum);
    if (!person && record.qrCode) person = persons.findByCredential("qrcode", *record.qrCode);

    AuthorizationFacts facts;
    facts.person = person ? &*person : nullptr;
    facts.now = ex.now() / 1000;
    facts.greeting = ex.config().authorizationGreeting;
    {
        std::lock_guard lock(device->mutex);
        facts.tzMinutes = device->tzMinutes.value_or(Poco::Timezone::tzd() / 60);
        facts.timeGroups = device->timeGroups;
        facts.deviceGroups = device->accessGroups;
    }
    facts.recordResult = record.record.result;
    facts.recordReason = record.record.reason;
    if (person && openTimesLimit(*person)) {
        facts.passesUsed = s.context.persons().passCount(person->userId);
    }
    AuthorizationVerdict verdict = authorize(facts);
    if (ex.config().authorizationScriptMs > 0) {
        AuthorizationRequest request;
        request.deviceId = device->id;
        request.serial = device->serial;
        request.protocol = "httpv2";
        if (person) request.userId = person->userId;
        request.credentialKind = record.record.userId ? "user_id" : record.cardNum ? "card" : record.qrCode ? "qrcode" : "";
        request.verifyType = record.record.verifyType;
        request.direction = record.record.direction;
        request.at = record.record.deviceTime;
        request.tzMinutes = facts.tzMinutes;
        request.builtinAllow = verdict.success != 0;
        request.builtinMessage = verdict.message;
        request.builtinReason = verdict.reason;
        request.detailJson = raw.empty() ? "{}" : raw;
        if (const auto decision =
                s.context.authorize(request, std::chrono::milliseconds(ex.config().authorizationScriptMs))) {
            verdict.success = decision->allow ? (decision->message.empty() ? 2 : 1) : 0;
            verdict.message = decision->message;
            verdict.reason = decision->allow ? "" : (decision->reason.empty() ? "script" : decision->reason);
        }
    }
    if (s.context.logger().debug()) {
        s.context.logger().debug(ex.who() + ": record " + record.record.deviceRecordId + " → Success " +
                                 std::to_string(verdict.success) + (verdict.reason.empty() ? "" : " " + verdict.reason));
    }
    const auto event = events::deviceAuthorization(device->id, device->serial, s.context.pluginId(),
                                                   person ? std::optional(person->userId) : std::nullopt,
                                                   verdict.success, verdict.reason);
    s.context.publish(event.topic, event.payload);
    Reply reply = Reply::withSuccess(verdict.success);
    if (!verdict.message.empty()) reply.set("Message", verdict.message);
    ex.send(reply);
}

} // namespace passway::httpv2
