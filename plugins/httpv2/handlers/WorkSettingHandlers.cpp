// /Device/UploadWorkSetting and /Device/DownloadWorkSetting: the terminal's
// work settings kept as device.reported; the desired ones (set through the
// admin API) delivered when the keepalive said SyncParameter.

#include "handlers/Handlers.h"

#include "mapping/WorkSettings.h"
#include "wire/ProtocolError.h"
#include "passway/JsonText.h"

namespace passway::httpv2 {

namespace {

void finishAll(Services& s, std::int64_t deviceId, std::string_view kind, const std::string& result) {
    while (const auto command = s.commands.takeAwaiting(deviceId, kind)) {
        s.commands.finish(*command, CommandState::Done, result);
    }
}

} // namespace

void handleUploadWorkSetting(Exchange& ex) {
    const auto uploaded = ex.json();
    const auto device = ex.activeDevice(Exchange::serialOf(JsonFields(uploaded)));
    auto& s = ex.services();
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
    if (syncTime || desired->has("SystemTime")) systemTime = ex.now() / 1000;
    const auto answer = downloadSettings(reported, desired, device->serial, ex.config().downloadMode, systemTime);

    // Delivered: SyncParameter is cleared until the desired settings change again.
    s.context.kv().set(DeviceRegistry::deliveredKey(device->id), settingsDigest(desired));
    {
        std::lock_guard lock(device->mutex);
        device->parametersPending = false;
    }
    finishAll(s, device->id, "sync_time", CommandTracker::resultText("systemTime", std::to_string(ex.now() / 1000)));
    finishAll(s, device->id, "sync_parameters", CommandTracker::resultText("delivered", settingsDigest(desired)));
    ex.send(Reply::fromObject(answer));
}

} // namespace passway::httpv2
