#pragma once

#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <memory>
#include <optional>
#include <string>

namespace passway {

class AdminServer;
class ClusterHost;
class Leadership;
class BlobStore;
class EventBus;
class EventJournal;
class FaceEnrollmentSync;
class OpenCvFaceService;
class RecordFaceMatcher;
class GroupCommitRecordIngest;
class Metrics;
class OutboxDispatcher;
class PluginManager;
class RuntimeSettings;
class ScriptHost;
class Store;
class SyncReconciler;
class CommandExpirer;
class Maintenance;

// passwayd: loads the configuration, opens the store, starts the admin API
// and the enabled plugins, then waits for SIGTERM/SIGINT (or the Windows
// service stop) and shuts down in reverse order.
class PasswayServer : public Poco::Util::ServerApplication {
public:
    PasswayServer();
    ~PasswayServer() override;

protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;

private:
    void printHelp() const;
    void startServices();
    void stopServices();
    void announce(const std::optional<std::string>& firstAdminPassword) const;
    void handOverFirstPassword(const std::string& password) const;
    // Where the first admin password goes when stdout is not a terminal.
    static constexpr const char* kFirstPasswordFile = "var/first-admin-password";

    bool stopAfterOptions_ = false;
    std::string configFile_;
    bool configFileExplicit_ = false;
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides_;
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> file_;  // null without a file

    std::unique_ptr<Metrics> metrics_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<RuntimeSettings> runtimeSettings_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<EventBus> bus_;
    std::unique_ptr<EventJournal> journal_;
    std::unique_ptr<ClusterHost> cluster_;  // several hosts on one store (PostgreSQL); null on SQLite
    std::unique_ptr<Leadership> leadership_;  // in a cluster: whether this host leads (plugins' durable feeds)
    std::unique_ptr<GroupCommitRecordIngest> records_;
    std::unique_ptr<SyncReconciler> sync_;
    std::unique_ptr<CommandExpirer> commandExpirer_;
    std::unique_ptr<Maintenance> maintenance_;
    std::unique_ptr<OutboxDispatcher> outbox_;
    std::unique_ptr<ScriptHost> scripts_;
    std::unique_ptr<OpenCvFaceService> face_;
    std::unique_ptr<FaceEnrollmentSync> faceSync_;
    std::unique_ptr<RecordFaceMatcher> faceRecords_;
    std::unique_ptr<AdminServer> admin_;
    std::unique_ptr<PluginManager> plugins_;
};

} // namespace passway
