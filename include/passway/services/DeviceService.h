#pragma once

#include "passway/model/Device.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// A device alarm as a terminal reported it (device.alarm, device.alarm.cleared).
struct DeviceAlarm {
    std::string alarm;    // fire | blacklist | anti | illegal | password | openTimeout | doorSensor | ...
    std::string source;   // where the plugin saw it: keepalive, system_record, ...
    std::string event;    // optional protocol detail (e.g. system.fire_alarm)
    bool cleared = false; // the alarm ended
};

// Who a contact came from, as the plugin's transport saw it.
struct Peer {
    std::string address;          // the socket's remote IP address ("192.0.2.7", "2001:db8::7")
    std::string certificatePem;   // the TLS client certificate (PEM); empty when none was presented
};

// The host's answer on a contact of a known terminal (terminal identity).
struct ContactVerdict {
    enum class Kind {
        Allowed,
        CertificateMismatch,  // plugin.<id>.tls.ca is set: no certificate, or none naming the serial
        AddressNotAccepted,   // plugin.<id>.pin_address: another address, not accepted by an operator
        Gone,                 // the device was removed meanwhile
    };
    Kind kind = Kind::Allowed;
    std::string reason;       // for the log and the protocol's refusal; never a secret
    bool allowed() const { return kind == Kind::Allowed; }
};

// The plugin's own terminals: one device lifecycle for every protocol. The
// host owns the rules (registration and the devices.auto_activate policy,
// what reported state may hold) and publishes the events about them
// (device.state.changed, device.online, device.offline, device.alarm[.cleared]),
// so plugins only report what they saw. Every call concerns devices of this
// plugin's protocol only; others' read as absent. Throws HostError
// (Unavailable) when the store cannot answer. Safe from any thread.
class DeviceService {
public:
    virtual ~DeviceService() = default;

    // The device with this serial. A new serial is registered (pending, or
    // active when the host auto-activates); a pending device is activated
    // under that policy. Either publishes device.state.changed. Many threads
    // may obtain the same new serial at once: it is registered once.
    virtual Device obtain(const std::string& serial) = 0;
    virtual std::optional<Device> find(std::int64_t deviceId) = 0;
    virtual std::vector<Device> list() = 0;

    // Contact. online() stores it and publishes device.online; seen() only
    // stores it (keepalives: persist now and then, not each time). False
    // when the device is gone (removed by an admin).
    virtual bool online(std::int64_t deviceId, const std::string& serial, const std::string& address,
                        std::int64_t atMs) = 0;
    virtual bool seen(std::int64_t deviceId, const std::string& address, std::int64_t atMs) = 0;
    // Stores the last contact (when lastSeenMs > 0), marks the device offline
    // and, when `announce`, publishes device.offline. Never throws: going
    // offline is bookkeeping the plugin cannot do anything about.
    virtual void offline(std::int64_t deviceId, const std::string& serial, const std::string& address,
                         std::int64_t lastSeenMs, bool announce = true) = 0;

    // Merges `reportedJson` (a JSON object text) into the device's reported
    // state key by key. Keys that name a secret (the host's one policy) are
    // kept as "***": terminals report passwords, and the admin API shows
    // reported state to every viewer. `nameIfUnnamed` becomes the name while
    // the device has none. Returns the device as stored; nullopt when gone.
    // A plugin that can read the terminal's clock reports the difference as
    // "clockSkewS" (terminal minus host, seconds) and when it was read as
    // "clockCheckedAt" (host unix ms): the device page shows them.
    virtual std::optional<Device> mergeReported(std::int64_t deviceId, const std::string& reportedJson,
                                                const std::string& nameIfUnnamed = {}) = 0;

    // Publishes device.alarm or device.alarm.cleared.
    virtual void alarm(std::int64_t deviceId, const std::string& serial, const DeviceAlarm& alarm) = 0;

    // Terminal identity (the host's rules, README "Terminal identity").
    // Whether a connection from `address` may be served at all
    // (plugin.<id>.allowed_networks). Ask before reading a byte of it; a
    // refusal is counted and logged (once per source per minute) by the host.
    // The host's HTTP listeners ask it themselves, at accept.
    virtual bool admitSource(const std::string& address) = 0;
    // Call at every contact of a terminal once its serial is known, before
    // acting on anything it sent: the client certificate must name the
    // serial when plugin.<id>.tls.ca is set; the first address is remembered
    // and another one publishes device.address_changed (audited) and, with
    // plugin.<id>.pin_address, is refused until an operator accepts it.
    // Answered from memory after the first call; refuse what is not allowed
    // in the protocol's own shape. With deviceId 0 (call it so before
    // obtain(), to register no serial a certificate does not name) only the
    // certificate is checked.
    virtual ContactVerdict checkContact(std::int64_t deviceId, const std::string& serial, const Peer& peer) = 0;
};

} // namespace passway
