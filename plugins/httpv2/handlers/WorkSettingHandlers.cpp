// /Device/UploadWorkSetting and /Device/DownloadWorkSetting: the terminal's
// work settings kept as device.reported; the desired ones (set through the
// admin API) delivered when the keepalive said SyncParameter. A terminal
// whose SystemTime is more than max_clock_skew_s off the server's clock is
// announced (device.clock_skew) and sent the server's time the same way.

#include "handlers/Handlers.h"

#include "mapping/ClockSkew.h"
#include "mapping/WorkSettings.h"
#include "wire/ProtocolError.h"
#include "passway/JsonText.h"

#include <utility>

namespace passway::httpv2 {

namespace {

void finishAll(Services& s, std::int64_t deviceId, std::string_view kind, const std::string& result) {
    while (const auto command = s.commands.takeAwaiting(deviceId, kind)) {
        s.commands.finish(*command, CommandState::Done, result);
    }
}

} // namespace

void handleUploadWorkSetting(Exchange& ex) {
    auto uploaded = ex.json();  // clockSkewS is added to what is kept
    const auto device = ex.activeDevice(Exchange::serialOf(JsonFields(uploaded)));
    auto& s = ex.services();
    bool justPushed = false;
    {
        std::lock_guard lock(device->mutex);
        justPushed = std::exchange(device->clockRecheck, false);
    }
    if (const auto skew = clockSkewSeconds(JsonFields(uploaded), ex.now())) {
        // Kept beside what the terminal reported, so the admin API shows it.
        uploaded->set("clockSkewS", static_cast<Poco::Int64>(*skew));
        uploaded->set("clockCheckedAt", static_cast<Poco::Int64>(ex.now()));
        if (clockSkewTooLarge(*skew, ex.config().maxClockSkewSeconds)) {
            // Announced once per finding: not again while the push is on its
            // way (a terminal may upload twice before its next keepalive), and
            // not pushed again right after a push it ignored (no loop).
            bool announce = false;
            {
                std::lock_guard lock(device->mutex);
                announce = !device->clockPushPending;
                if (announce && !justPushed) device->clockPushPending = true;  // SyncParameter at the next keepalive
            }
            if (announce) {
                s.context.logger().warning(ex.who() + ": its clock is " + std::to_string(*skew) + " s off the server's; " +
                                           (justPushed ? "it did not take the time sent" : "the server's time is sent"));
                const auto event = events::deviceClockSkew(device->id, device->serial, s.context.pluginId(), *skew,
                                                           ex.now() / 1000 + *skew, ex.now() / 1000, !justPushed);
                s.context.publish(event.topic, event.payload);
            }
        }
    }
    s.devices.mergeReported(*device, uploaded, JsonFields(uploaded).text("DeviceName").value_or(""));
    finishAll(s, device->id, "upload_settings", CommandTracker::resultText("uploaded", "work settings"));
    s.wipes.storageReport(*device, uploaded, ex.now());
    ex.send(Reply::ok());
}

void handleDownloadWorkSetting(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    const auto stored = s.context.devices().find(device->id);
    if (!stored) throw ProtocolError(200, 401, "Connected to server, but device is not activated");
    const auto reported = json::objectOr(stored->reported);
    const auto desired = json::objectOr(stored->desired);

    std::optional<std::int64_t> systemTime;
    const bool syncTime = s.commands.awaiting(device->id, "sync_time");
    bool clockOff = false;
    {
        std::lock_guard lock(device->mutex);
        clockOff = device->clockPushPending;
    }
    if (syncTime || clockOff || desired->has("SystemTime")) systemTime = ex.now() / 1000;
    const auto answer = downloadSettings(reported, desired, device->serial, ex.config().downloadMode, systemTime);

    // Delivered: SyncParameter is cleared until the desired settings change again.
    s.context.kv().set(DeviceRegistry::deliveredKey(device->id), settingsDigest(desired));
    {
        std::lock_guard lock(device->mutex);
        device->parametersPending = false;
        // The clock pushed is read back with the next settings upload, so
        // clockSkewS shows the terminal's clock as it is now.
        device->clockRecheck = device->clockPushPending;
        device->clockPushPending = false;
    }
    finishAll(s, device->id, "sync_time", CommandTracker::resultText("systemTime", std::to_string(ex.now() / 1000)));
    finishAll(s, device->id, "sync_parameters", CommandTracker::resultText("delivered", settingsDigest(desired)));
    ex.send(Reply::fromObject(answer));
}

} // namespace passway::httpv2
