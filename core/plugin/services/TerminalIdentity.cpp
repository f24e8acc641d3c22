#include "plugin/services/TerminalIdentity.h"

#include "net/CertificateNames.h"
#include "plugin/services/HostCall.h"
#include "store/Store.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace passway::plugin {

TerminalIdentity::TerminalIdentity(ServiceScope scope, TerminalPolicy policy, Metrics* metrics)
    : scope_(std::move(scope)), policy_(std::move(policy)), refusals_("plugin." + scope_.pluginId, metrics) {}

bool TerminalIdentity::admitSource(const std::string& address) {
    if (policy_.allowedNetworks.allows(address)) return true;
    refusals_.hit("allowed_networks", address, "not in plugin." + scope_.pluginId + ".allowed_networks");
    return false;
}

void TerminalIdentity::forget(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    known_.erase(deviceId);
}

ContactVerdict TerminalIdentity::check(std::int64_t deviceId, const std::string& serial, const Peer& peer) {
    if (deviceId == 0 && !policy_.certificateBound) return {};  // nothing to check yet: no lock taken
    std::lock_guard lock(mutex_);
    if (policy_.certificateBound && !certificateNamesSerial(serial, peer)) {
        refusals_.hit("client_certificate", peer.address, "SN " + serial);
        return {ContactVerdict::Kind::CertificateMismatch,
                peer.certificatePem.empty() ? "no client certificate was presented"
                                            : "the client certificate does not name this SN"};
    }
    if (deviceId == 0) return {};  // before registration: only what needs no device
    auto found = known_.find(deviceId);
    if (found == known_.end()) {
        const auto device = hostCall([&] { return scope_.store.devices().find(deviceId); });
        if (!device || device->protocol != scope_.pluginId) return {ContactVerdict::Kind::Gone, "no such device"};
        found = known_.emplace(deviceId, Known{device->pinnedAddress, device->pendingAddress}).first;
    }
    return checkAddress(found->second, deviceId, serial, peer);
}

bool TerminalIdentity::certificateNamesSerial(const std::string& serial, const Peer& peer) {
    if (peer.certificatePem.empty()) return false;
    const auto verified = verifiedCertificates_.find(serial);
    if (verified != verifiedCertificates_.end() && verified->second == peer.certificatePem) return true;
    const auto names = net::certificateNames(peer.certificatePem);
    if (std::find(names.begin(), names.end(), serial) == names.end()) return false;
    // Only certificates the CA signed get here (the listener verified the
    // chain): one entry per real terminal, so the map stays small.
    verifiedCertificates_[serial] = peer.certificatePem;
    return true;
}

ContactVerdict TerminalIdentity::checkAddress(Known& known, std::int64_t deviceId, const std::string& serial,
                                              const Peer& peer) {
    if (peer.address.empty() || peer.address == known.pinned) return {};
    auto& devices = scope_.store.devices();
    if (known.pinned.empty()) {
        // First contact (or the first since an upgrade): this is the address it is known by.
        if (!hostCall([&] { return devices.pinAddress(deviceId, peer.address); })) {
            known_.erase(deviceId);
            return {ContactVerdict::Kind::Gone, "no such device"};
        }
        known.pinned = peer.address;
        known.pending.clear();
        return {};
    }
    const bool refuse = policy_.pinAddress;
    if (peer.address != known.pending) {
        // Once per new address, not per request: a moved terminal calls every keepalive.
        AuditEntry entry;
        entry.actor = "plugin:" + scope_.pluginId;
        entry.action = "device.address_changed";
        entry.target = "device:" + std::to_string(deviceId);
        auto detail = json::ordered();
        detail->set("serial", serial);
        detail->set("address", known.pinned);
        detail->set("newAddress", peer.address);
        detail->set("refused", refuse);
        entry.detail = json::text(detail);
        hostCall([&] {
            scope_.store.atomically([&] {
                devices.setPendingAddress(deviceId, peer.address);
                scope_.store.audit().append(entry);
                scope_.publish(events::deviceAddressChanged(deviceId, serial, scope_.pluginId, known.pinned,
                                                            peer.address, refuse));
            });
        });
        known.pending = peer.address;
        scope_.logger.warning("terminal " + serial + " called from " + peer.address + ", not from " + known.pinned +
                              " as before" + (refuse ? "; refused until an operator accepts the new address" : ""));
    }
    if (!refuse) return {};
    return {ContactVerdict::Kind::AddressNotAccepted,
            "this terminal is known at another address; an operator must accept the new one"};
}

} // namespace passway::plugin
