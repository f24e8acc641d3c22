#include "app/PasswayServer.h"

#include "admin/AdminBootstrap.h"
#include "admin/AdminServer.h"
#include "app/AllocatorTuning.h"
#include "app/ConfigDefaults.h"
#include "app/EffectiveSettings.h"
#include "app/LoggingSetup.h"
#include "app/TerminalPorts.h"
#include "bus/EventBus.h"
#include "commands/CommandExpirer.h"
#include "maintenance/Maintenance.h"
#include "face/FaceEnrollmentSync.h"
#include "face/OpenCvFaceService.h"
#include "face/RecordFaceMatcher.h"
#include "cluster/ClusterHost.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "journal/EventJournal.h"
#include "net/HttpServer.h"
#include "outbox/OutboxDispatcher.h"
#include "plugin/Leadership.h"
#include "plugin/PluginManager.h"
#include "script/ScriptHost.h"
#include "settings/RuntimeSettings.h"
#include "store/BlobStore.h"
#include "store/postgresql/PgStore.h"
#include "store/sqlite/SqliteStore.h"
#include "sync/SyncReconciler.h"
#include "util/Metrics.h"
#include "util/PrivateFile.h"

#include <algorithm>

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>

#ifndef _WIN32
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#else
#include <cstdio>
#include <io.h>
#endif

#ifndef PASSWAY_VERSION
#define PASSWAY_VERSION "0.0.0"
#endif

namespace passway {

namespace {

// Priorities in the layered configuration: lower is searched first.
constexpr int kOverridePriority = -200;   // --set key=value
constexpr int kPagePriority = -150;       // set on the admin page (stored; RuntimeSettings)
constexpr int kFilePriority = 0;          // the INI file
constexpr int kDefaultsPriority = 200;    // embedded defaults, below Poco's system layer

Poco::Logger& log() { return Poco::Logger::get("app"); }

bool stdoutIsTerminal() {
#ifdef _WIN32
    return _isatty(_fileno(stdout)) != 0;
#else
    return ::isatty(STDOUT_FILENO) != 0;
#endif
}

// http.tls.*: without named files, a self-signed pair under var/tls is
// created at the first start and reused after.
AdminTlsOptions adminTlsOptions(const Poco::Util::AbstractConfiguration& cfg) {
    AdminTlsOptions tls;
    tls.enabled = cfg.getBool("http.tls.enabled", false);
    tls.certificate = cfg.getString("http.tls.certificate", "");
    tls.privateKey = cfg.getString("http.tls.private_key", "");
    if (tls.certificate.empty() && tls.privateKey.empty()) {
        tls.certificate = "var/tls/admin-cert.pem";
        tls.privateKey = "var/tls/admin-key.pem";
        tls.generate = true;
    }
    return tls;
}

} // namespace

PasswayServer::PasswayServer() : configFile_("etc/passway.ini"), overrides_(new Poco::Util::MapConfiguration) {
    setUnixOptions(true);
}

PasswayServer::~PasswayServer() = default;

void PasswayServer::defineOptions(Poco::Util::OptionSet& options) {
    ServerApplication::defineOptions(options);  // --daemon, --pidfile, --umask on Unix; service options on Windows
    using Poco::Util::Option;
    options.addOption(Option("help", "h", "print this help and exit").required(false).repeatable(false));
    options.addOption(Option("version", "V", "print the version and exit").required(false).repeatable(false));
    options.addOption(Option("config", "c", "configuration file (INI), default etc/passway.ini")
                          .required(false).repeatable(false).argument("FILE"));
    options.addOption(Option("set", "s", "override a configuration key, e.g. --set http.port=9090 (repeatable)")
                          .required(false).repeatable(true).argument("key=value"));
}

void PasswayServer::handleOption(const std::string& name, const std::string& value) {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
        printHelp();
        stopAfterOptions_ = true;
        stopOptionsProcessing();
    } else if (name == "version") {
        std::cout << "passwayd " << PASSWAY_VERSION << std::endl;
        stopAfterOptions_ = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        configFile_ = value;
        configFileExplicit_ = true;
    } else if (name == "set") {
        const auto [key, val] = parseOverride(value);
        overrides_->setString(key, val);
    }
}

void PasswayServer::printHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[--config=FILE] [--set key=value ...] [--daemon --pidfile=FILE]");
    help.setHeader("Passway: integration server for attendance, access-control and face-recognition terminals.");
    help.setFooter("Configuration keys are listed in README.md. Precedence: --set > admin page > config file > built-in defaults.");
    help.format(std::cout);
}

void PasswayServer::initialize(Poco::Util::Application& self) {
    // Options are parsed before initialize(), so the file and overrides are known here.
    config().add(makeDefaultConfiguration(config().getString("application.dir", ".")), kDefaultsPriority, false);
    config().add(overrides_, kOverridePriority, false);
    if (!stopAfterOptions_) {
        if (Poco::File(configFile_).exists()) {
            file_ = new Poco::Util::IniFileConfiguration(configFile_);
            config().add(file_, kFilePriority, false);
        } else if (configFileExplicit_) {
            throw Poco::FileNotFoundException("configuration file not found: " + configFile_);
        }
    }
    ServerApplication::initialize(self);
}

int PasswayServer::main(const std::vector<std::string>&) {
    if (stopAfterOptions_) return EXIT_OK;
    const std::string allocator = tuneAllocator();
#ifndef _WIN32
    // Blocked before any thread starts, so every thread inherits the mask: a
    // SIGTERM that arrives while services start waits for
    // waitForTerminationRequest() (which sigwaits on these) instead of killing
    // the process with half-written state.
    sigset_t termination;
    sigemptyset(&termination);
    for (const int signal : {SIGINT, SIGQUIT, SIGTERM}) sigaddset(&termination, signal);
    pthread_sigmask(SIG_BLOCK, &termination, nullptr);
    // Every terminal of a long-connection protocol holds a descriptor; a
    // shell's soft limit (often 1024) would refuse them long before the
    // hard limit (the systemd unit sets LimitNOFILE).
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
#endif
    setupLogging(config(), !config().getBool("application.runAsDaemon", false) &&
                               !config().getBool("application.runAsService", false));
    log().information("memory allocator: " + allocator);
    try {
        startServices();
    } catch (const std::exception& e) {
        log().fatal(std::string("cannot start: ") + e.what());
        std::cerr << "passwayd: cannot start: " << e.what() << std::endl;
        stopServices();
        shutdownLogging();
        return EXIT_SOFTWARE;
    }
    waitForTerminationRequest();
    log().information("termination requested, shutting down");
    stopServices();
    log().information("stopped");
    shutdownLogging();
    return EXIT_OK;
}

void PasswayServer::startServices() {
    auto& cfg = config();
    log().information(std::string("passwayd ") + PASSWAY_VERSION + " starting, configuration " +
                      (Poco::File(configFile_).exists() ? configFile_ : std::string("built-in defaults")));

    metrics_ = std::make_unique<Metrics>();
    // store.url (postgresql://...) selects PostgreSQL; otherwise the
    // embedded SQLite file at store.path.
    const std::string storeUrl = cfg.getString("store.url", "");
    if (!storeUrl.empty()) {
        PgOptions pgOptions;
        pgOptions.url = storeUrl;
        pgOptions.poolSize = cfg.getInt("store.pool_size", pgOptions.poolSize);
        pgOptions.poolWaitMs = cfg.getInt("store.pool_wait_ms", pgOptions.poolWaitMs);
        pgOptions.connectTimeoutS = cfg.getInt("store.connect_timeout_s", pgOptions.connectTimeoutS);
        store_ = openPostgresqlStore(pgOptions);
    } else {
        SqliteOptions storeOptions;
        storeOptions.path = cfg.getString("store.path");
        storeOptions.synchronous = cfg.getString("store.synchronous");
        storeOptions.cacheMiB = cfg.getInt("store.cache_mb");
        storeOptions.checkpointPages = cfg.getInt("store.checkpoint_pages");
        store_ = openSqliteStore(storeOptions);
    }
    log().information("store " + store_->describe() + " at schema " + std::to_string(store_->schemaVersion()));
    // What was changed on the admin page, above the file and below --set;
    // before anything else reads the configuration.
    runtimeSettings_ = std::make_unique<RuntimeSettings>(store_->settings(), cfg,
                                                         overrides_.get(), file_.get());
    config().add(runtimeSettings_->layer(), kPagePriority, false);

    blobs_ = std::make_unique<BlobStore>(cfg.getString("blobs.path"));
    bus_ = std::make_unique<EventBus>(cfg.getUInt("bus.queue_capacity", 10000));
    // Every event but the transient ones goes to the journal in the unit of
    // work of its change; scripts and the face matcher read it from there.
    JournalOptions journalOptions = JournalOptions::read(cfg);
    std::optional<ClusterOptions> clusterOptions;
    if (store_->cluster()) {
        // A store several hosts can share: each entry says which host wrote it.
        clusterOptions = ClusterOptions::read(cfg);
        journalOptions.host = clusterOptions->hostId;
    }
    journal_ = std::make_unique<EventJournal>(*store_, journalOptions);
    bus_->setLog(journal_.get());
    journal_->start();
    if (clusterOptions) cluster_ = std::make_unique<ClusterHost>(*store_->cluster(), *bus_, *journal_, *clusterOptions);
    GroupCommitOptions ingestOptions;
    ingestOptions.window = std::chrono::milliseconds(cfg.getInt("records.group_commit_ms", 2));
    ingestOptions.maxBatch = cfg.getUInt("records.group_commit_max", 500);
    records_ = std::make_unique<GroupCommitRecordIngest>(*store_, *blobs_, *bus_, *metrics_, ingestOptions);
    // Before the admin API and the plugins, so no person or device change
    // they make goes unseen; its first full pass catches what happened while
    // the host was down.
    SyncReconcilerOptions syncOptions;
    syncOptions.fullPassInterval = std::chrono::seconds(cfg.getInt("sync.reconcile_interval_s", 600));
    sync_ = std::make_unique<SyncReconciler>(*store_, *bus_, syncOptions);
    sync_->start();
    // Commands whose time is up end even when their device never calls again.
    const CommandLifetime commandLifetime = CommandLifetime::read(cfg);
    commandExpirer_ = std::make_unique<CommandExpirer>(*store_, *bus_, commandLifetime,
                                                       std::chrono::milliseconds(cfg.getInt("commands.sweep_ms", 1000)));
    commandExpirer_->start();
    // Backups on backup.cron and retention of records (records.retention_days).
    maintenance_ = std::make_unique<Maintenance>(*store_, *blobs_, MaintenanceOptions::read(cfg));
    maintenance_->start();

    // Without models the service is unavailable and says why; the host runs on.
    face_ = std::make_unique<OpenCvFaceService>(FaceOptions::fromConfig(cfg), store_.get());
    faceSync_ = std::make_unique<FaceEnrollmentSync>(*face_, *store_, *blobs_, *bus_);
    faceSync_->start();
    faceRecords_ = std::make_unique<RecordFaceMatcher>(*face_, *blobs_, *bus_, journal_.get());
    if (!cluster_) faceRecords_->start();  // in a cluster: on the leader (below)
    // The outbox and the scripts before the admin API and the plugins: the
    // first events of either must find the scripts listening.
    OutboxOptions outboxOptions;
    outboxOptions.pollInterval = std::chrono::milliseconds(cfg.getInt("outbox.poll_ms", 500));
    outboxOptions.backoff = std::chrono::milliseconds(cfg.getInt("outbox.backoff_ms", 1000));
    outboxOptions.maxBackoff = std::chrono::milliseconds(cfg.getInt("outbox.backoff_max_ms", 600000));
    outboxOptions.maxAttempts = cfg.getInt("outbox.max_attempts", 10);
    outboxOptions.requestTimeout = std::chrono::milliseconds(cfg.getInt("outbox.timeout_ms", 10000));
    // Items taken per look; in a cluster also how many one host claims at once.
    outboxOptions.batch = std::max(1, cfg.getInt("outbox.batch", outboxOptions.batch));
    outbox_ = std::make_unique<OutboxDispatcher>(*store_, outboxOptions);
    outbox_->start();
    ScriptServices scriptServices{*store_, *bus_, outbox_.get(), &cfg, face_.get(), blobs_.get(), journal_.get()};
    ScriptOptions scriptOptions = ScriptOptions::read(cfg);
    if (cluster_) {
        // Script edits on another host's admin API reach this one (and its settings of them).
        scriptOptions.host = clusterOptions->hostId;
        scriptServices.reloadSettings = [this](const std::string& prefix) { runtimeSettings_->reload(prefix); };
    }
    scripts_ = std::make_unique<ScriptHost>(scriptServices, scriptOptions);
    if (cluster_) {
        // Every host loads the scripts (on_authorize answers the terminals
        // connected to it; the admin API's script pages work on any host).
        // What reads a journal cursor every host shares runs once in the
        // cluster, on its leader, and moves when it dies: the scripts'
        // handlers, timers and cron, the face matcher's verdicts and the
        // plugins' durable subscriptions (an uplink).
        leadership_ = std::make_unique<Leadership>(false);
        scripts_->follow();
        scripts_->start();
        cluster_->start(
            [this] {
                faceRecords_->start();
                scripts_->lead();
                leadership_->set(true);
            },
            [this] {
                leadership_->set(false);
                scripts_->follow();
                faceRecords_->stop();
            });
    } else {
        scripts_->start();
    }

    std::string bootstrapPassword = cfg.getString("admin.bootstrap_password", "");
    if (bootstrapPassword.empty()) bootstrapPassword = Poco::Environment::get("PASSWAY_ADMIN_PASSWORD", "");
    const auto generated = AdminBootstrap::ensureFirstAdmin(*store_, bootstrapPassword);

    AdminOptions adminOptions;
    adminOptions.address = cfg.getString("http.address");
    adminOptions.port = static_cast<std::uint16_t>(cfg.getUInt("http.port"));
    adminOptions.wwwDir = cfg.getString("www.dir");
    adminOptions.maxThreads = cfg.getInt("http.threads");
    adminOptions.maxQueued = cfg.getInt("http.queue", adminOptions.maxQueued);
    adminOptions.idleTimeoutSeconds = cfg.getInt("http.idle_timeout_s", adminOptions.idleTimeoutSeconds);
    net::readNetDefaults(cfg, adminOptions.net);
    adminOptions.net.metrics = metrics_.get();
    adminOptions.tokenTtlSeconds = cfg.getInt("auth.token_ttl");
    adminOptions.loginThrottle = admin::LoginThrottleOptions::read(cfg);
    adminOptions.tls = adminTlsOptions(cfg);
    adminOptions.settings = effectiveSettings(cfg);
    adminOptions.maintenance = maintenance_.get();

    HostServices hostServices{*store_, *blobs_, *records_, *bus_, *metrics_, cfg, cfg.getString("data.path"),
                              cfg.getBool("devices.auto_activate")};
    // Requests a plugin's terminals have in flight get this long at shutdown.
    hostServices.stopGrace = std::chrono::seconds(cfg.getInt("shutdown.grace_seconds"));
    hostServices.authorization = scripts_.get();
    hostServices.face = face_.get();
    hostServices.journal = journal_.get();
    hostServices.commandLifetime = commandLifetime;
    hostServices.outbox = outbox_.get();
    hostServices.leases = cluster_.get();
    hostServices.leadership = leadership_.get();
    // Made before the admin API (the Plugins screen drives it), loaded after.
    plugins_ = std::make_unique<PluginManager>(hostServices);
    adminOptions.plugins = plugins_.get();
    adminOptions.pluginDir = cfg.getString("plugins.dir");
    adminOptions.runtimeSettings = runtimeSettings_.get();
    admin_ = std::make_unique<AdminServer>(*store_, *blobs_, *bus_, *metrics_, adminOptions, scripts_.get(), face_.get());
    admin_->start();

    Store& store = *store_;
    EventBus& bus = *bus_;
    metrics_->gauge("passway_net_connections_open", "HTTP connections open (admin and plugin listeners)",
                    [] { return double(net::HttpServer::openConnections()); });
    metrics_->gauge("passway_devices_online", "Devices currently online", [&store] {
        double online = 0;
        for (const auto& device : store.devices().list()) online += device.online ? 1 : 0;
        return online;
    });
    metrics_->gauge("passway_records_total", "Records in the store", [&store] { return double(store.records().count()); });
    metrics_->gauge("passway_bus_queued", "Events waiting in subscriber queues", [&bus] { return double(bus.queued()); });
    metrics_->gauge("passway_bus_dropped_total", "Events dropped for slow subscribers", [&bus] { return double(bus.dropped()); });
    metrics_->gauge("passway_commands_queued", "Commands waiting for their device",
                    [&store] { return double(store.commands().countInState(CommandState::Queued)); });
    metrics_->gauge("passway_outbox_pending", "Outbound deliveries pending",
                    [&store] { return double(store.outbox().countInState(OutboxState::Pending)); });
    ScriptHost& scripts = *scripts_;
    metrics_->gauge("passway_outbox_dead", "Outbound deliveries given up (dead-letter state)",
                    [&store] { return double(store.outbox().countInState(OutboxState::Dead)); });
    metrics_->gauge("passway_scripts_failed", "Scripts that did not load or failed too often in a row", [&scripts] {
        double failed = 0;
        for (const auto& s : scripts.list()) failed += s.state == ScriptState::Failed ? 1 : 0;
        return failed;
    });
    metrics_->gauge("passway_sync_pending", "Person changes not yet confirmed by devices",
                    [&store] { return double(store.sync().countPending()); });
    EventJournal& journal = *journal_;
    metrics_->gauge("passway_journal_last_seq", "Newest event in the journal", [&journal] { return double(journal.lastSeq()); });
    const auto perSubscriber = [&journal](auto field) {
        return [&journal, field] {
            Metrics::Series series;
            for (const auto& s : journal.subscribers()) series.emplace_back("subscriber=\"" + s.name + "\"", field(s));
            return series;
        };
    };
    metrics_->gaugeFamily("passway_journal_cursor", "Last journal seq each running durable subscriber handled",
                          perSubscriber([](const SubscriberStatus& s) { return double(s.position); }));
    metrics_->gaugeFamily("passway_journal_lag_events", "Journal entries each running durable subscriber has not reached",
                          perSubscriber([](const SubscriberStatus& s) { return double(s.lagEvents); }));
    metrics_->gaugeFamily("passway_journal_lag_seconds", "Age of the oldest entry each running durable subscriber has not reached",
                          perSubscriber([](const SubscriberStatus& s) { return s.lagSeconds; }));
    metrics_->gaugeFamily("passway_journal_dead_letters", "Events each durable subscriber gave up on after its attempts",
                          perSubscriber([](const SubscriberStatus& s) { return double(s.deadLetters); }));
    OpenCvFaceService& face = *face_;
    metrics_->gauge("passway_face_enrolled", "Persons in the face index", [&face] { return double(face.enrolledCount()); });
    metrics_->gauge("passway_face_queued", "Face jobs waiting for a worker", [&face] { return double(face.queued()); });

    plugins_->loadEnabled(cfg.getString("plugins.dir"), splitList(cfg.getString("plugins.enabled")));

    announce(generated);
}

void PasswayServer::announce(const std::optional<std::string>& firstAdminPassword) const {
    std::string host = config().getString("http.address");
    if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
    const std::string url = std::string(config().getBool("http.tls.enabled", false) ? "https://" : "http://") + host + ":" + std::to_string(admin_->port()) + "/";
    log().information("admin page and API at " + url);
    // Credentials go to stdout only, never to the log file.
    std::cout << "Passway is running. Admin page: " << url << std::endl;
    for (const auto& line : terminalPorts(plugins_->status())) {
        log().information(line);
        std::cout << line << std::endl;
    }
    if (firstAdminPassword) handOverFirstPassword(*firstAdminPassword);
}

// On a terminal the person who started passwayd reads the password there
// (README's first command). Otherwise stdout is a journal or a log collector
// that keeps it for anyone who may read logs, so the password goes to a file
// only passwayd's user can read, and stdout gets its path.
void PasswayServer::handOverFirstPassword(const std::string& password) const {
    if (stdoutIsTerminal()) {
        std::cout << "First admin user created:  username: admin  password: " << password << std::endl
                  << "(shown only this once; change it after logging in)" << std::endl;
        return;
    }
    const std::string path = Poco::Path(kFirstPasswordFile).absolute().toString();
    try {
        writePrivateFile(path, password + "\n");
    } catch (const std::exception& e) {
        // Without the file nobody could ever log in; stdout is the last way out.
        log().error(std::string("the first admin password could not be written to a file: ") + e.what());
        std::cout << "First admin user created:  username: admin  password: " << password << std::endl
                  << "(the password file could not be written; change the password after logging in)" << std::endl;
        return;
    }
    log().information("the first admin password was written to " + path);
    std::cout << "First admin user created:  username: admin  password file: " << path << std::endl
              << "(readable by this user only; log in, change the password and delete the file)" << std::endl;
}

void PasswayServer::stopServices() {
    // Reverse order of start: devices first, so nothing new arrives while the
    // rest drains; the store last, flushed.
    // The admin API goes first only so that its Plugins screen cannot start
    // a plugin again while they stop.
    if (admin_) admin_->stop();
    if (plugins_) plugins_->unloadAll();
    if (cluster_) cluster_->stop();  // no device is held here any more; leadership passes on
    if (records_) records_->shutdown();  // stores and answers what is queued; its events still reach the bus
    if (faceRecords_) faceRecords_->stop();
    if (faceSync_) faceSync_->stop();
    if (face_) face_->stop();
    if (sync_) sync_->stop();
    if (commandExpirer_) commandExpirer_->stop();
    if (maintenance_) maintenance_->stop();  // a backup in progress finishes first
    if (bus_) bus_->shutdown();
    if (scripts_) scripts_->stop();  // after the bus delivered what was queued to them
    if (outbox_) outbox_->stop();    // what is not delivered stays pending in the store
    if (journal_) journal_->stop();
    if (metrics_) {
        for (const char* gauge : {"passway_devices_online", "passway_records_total", "passway_bus_queued",
                                  "passway_bus_dropped_total", "passway_commands_queued", "passway_outbox_pending",
                                  "passway_sync_pending", "passway_face_enrolled", "passway_face_queued"}) {
            metrics_->removeGauge(gauge);
        }
        metrics_->removeGauge("passway_outbox_dead");
        metrics_->removeGauge("passway_net_connections_open");
        for (const char* gauge : {"passway_journal_last_seq", "passway_journal_cursor", "passway_journal_lag_events",
                                  "passway_journal_lag_seconds", "passway_journal_dead_letters"}) {
            metrics_->removeGauge(gauge);
        }
        metrics_->removeGauge("passway_scripts_failed");
    }
    plugins_.reset();
    admin_.reset();
    records_.reset();
    faceRecords_.reset();
    faceSync_.reset();
    face_.reset();
    sync_.reset();
    commandExpirer_.reset();
    maintenance_.reset();
    cluster_.reset();
    leadership_.reset();  // after the plugins and the cluster, which watch and set it
    scripts_.reset();
    outbox_.reset();
    bus_.reset();
    journal_.reset();
    if (store_) {
        try {
            store_->flush();
        } catch (const std::exception& e) {
            log().error(std::string("flushing the store: ") + e.what());
        }
    }
    if (runtimeSettings_) config().removeConfiguration(runtimeSettings_->layer());
    runtimeSettings_.reset();
    store_.reset();
}

} // namespace passway
