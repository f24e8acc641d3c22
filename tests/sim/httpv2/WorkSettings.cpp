#include "sim/httpv2/WorkSettings.h"

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <set>

namespace passway::sim::httpv2 {

namespace {

// Lines 185-484 of the HTTPv2 document, one object member after another.
const char* const kDocumentExample = R"json({
"DeviceSN":"FC-8190H24052799","FireAlarm":0,"DoorLongOpenAlarm":0,"DoorLongOpenTime":0,"DoorSensorAlarm":0,
"DoorSensorAlarmTimegroup":{"Week1":"","Week2":"","Week3":"","Week4":"","Week5":"","Week6":"","Week7":""},
"BlacklistAlarm":1,"AntiDisassemblyAlarm":1,"IllegalVerificationAlarm":0,"IllegalVerificationAlarmLimit":30,
"UseUserCloseAlarm":1,"PasswordAlarm":0,"PasswordAlarm_Password":"","PasswordAlarm_Mode":1,
"AlarmClocks":[{"Num":1,"Clock":"00:00","Times":0},{"Num":24,"Clock":"00:00","Times":0}],
"UseBodyTemperature":1,"UseFahrenheitDisplay":1,"TemperatureCompensate":0,"TemperatureAlarmThreshold":37.29999,
"TemperatureDisplay":1,"CardBytes":3,"AccessType":0,"WgFormat":26,"WGContent":1,"ReleaseTime":3,"FreeOpen":0,
"OpenInterval":2,"OpenInterval_SaveRecord":0,"Relay":0,"ShortMessage":"","VerificationType":1,
"OverdueRemind":1,"OverdueRemind_Day":3,"TimingOpen":0,"TimingOpen_mode":1,
"TimingOpen_timegroup":{"Week1":"","Week2":"","Week3":"","Week4":"","Week5":"","Week6":"","Week7":""},
"TimingLocked":0,
"TimingLocked_timegroup":{"Week1":"","Week2":"","Week3":"","Week4":"","Week5":"","Week6":"","Week7":""},
"VisitorRootPassword":"","MultiPerson":1,"UseElevator":0,
"ElevatorPorts":[{"Num":1,"RelayType":2,"ReleaseTime":2,"TimingOpen":{"Use":0,"Open":3,"Timegroup":{"Week1":"","Week2":"","Week3":"","Week4":"","Week5":"","Week6":"","Week7":""}}},{"Num":64,"RelayType":2,"ReleaseTime":2,"TimingOpen":{"Use":0,"Open":3,"Timegroup":{"Week1":"","Week7":""}}}],
"FaceIR":1,"FaceIRThreshold":5,"FaceDistance":3,"FaceThreshold":58,"FPComparison":80,"FaceMask":0,
"FaceMaskThreshold":65,"Holidays":[],"Language":1,"SystemTime":1718421632,"UseNTP":1,"TimeZone":8,"Volume":6,
"Voice":1,"ConnectPassword":"","UseWired":1,"WiredDHCP":0,"WiredIP":"192.168.1.103",
"WiredIPMask":"255.255.255.0","WiredGteway":"192.168.1.1","WiredDNS":"192.168.1.1",
"WiredMAC":"7E-87-16-C1-E6-51","UseWIFI":0,"WIFIDHCP":0,"WIFIIP":"192.168.1.150","WIFIIPMask":"255.255.255.0",
"WIFIGteway":"192.168.1.1","WIFIDNS":"192.168.1.1","WIFIMAC":"34-7D-E4-2D-63-3B","WIFIAPName":"",
"WIFIAPPassword":"","UseWebPage":1,"HTTPPort":80,"HTTPSPort":443,"WebPageUseSSL":1,"UseUDP":1,"UDPPort":8101,
"UseTelnet":1,"TelnetPort":23,"UseRTSP":1,"RTSPPort":554,"RTSPUser":"admin","RTSPPassword":"12345678",
"UseTCPClient":0,"UseUDPClient":0,"ServerAddress":"47.92.31.75","ServerPort":9003,"KeepaliveTime":30,
"UseHTTPClient":0,"HTTPClient_ProtocolType":100,"HTTPClient_ServerAddr":"http://192.168.1.100",
"HTTPClient_KeepaliveTime":30,"HTTPClient_UseGZIP":0,"UseMQTTClient":0,"UseMQTTSSL":0,
"MQTTServerAddr":"192.168.1.100","MQTTPort":0,"MQTTLoginName":"","MQTTLoginPassword":"","MQTTPublishTopic":"",
"MQTTSubscribeTopic":"","MQTT_KeepaliveTime":30,"MQTT_UseGZIP":0,"UseWebsocketClient":0,
"WebsocketClient_ProtocolType":100,"WebsocketClient_ServerAddr":"ws://192.168.1.100/ws",
"WebsocketClient_UseGZIP":0,"WebsocketClient_KeepaliveTime":30,"UseYZW":0,"YZWAddr":"http://192.168.1.10",
"RunDays":0,"FormatCount":0,"WatchDogCount":7,"BootTime":1718418194,"RelayStatus":0,"KeepOpenStatus":0,
"DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":"\"\"","RecordAutoCycle":0,"SaveUnregistered":1,
"SaveRecordPicture":1,
"PeopleStorageInfo":{"Person":{"Max":20000,"Current":1},"Face":{"Max":20000,"Current":1},"Card":{"Max":20000,"Current":0},"Fingerprint":{"Max":0,"Current":0},"PalmVein":{"Max":10000,"Current":0},"Pasword":{"Max":20000,"Current":0},"Admin":{"Max":5,"Current":0}},
"RecordStorageInfo":{"VerifyRecord":{"Max":1000000,"Current":4},"DoorRecord":{"Max":10000,"Current":4},"SystemRecord":{"Max":10000,"Current":7},"RecordPhoto":{"Max":10000,"Current":4}},
"DeviceName":"","FirmwareVerson":"8.46","FingerprintVerson":"-","FaceVerson":"6.01","Manufacturer":"",
"ManufacturerPhone":"","Website":"","ProductionDate":"2024-06-15","OEMText":"","AutoRestart":0,
"AutoRestartTime":"02:00",
"TimeGroups":[{"Num":1,"Week1":"00:00-23:59","Week2":"00:00-23:59","Week3":"00:00-23:59","Week4":"00:00-23:59","Week5":"00:00-23:59","Week6":"00:00-23:59","Week7":"00:00-23:59"},{"Num":64,"Week1":"","Week7":""}],
"DisplayBrightness":6,"MenuPassword":"0000","ShowIR":0,"ShowPersonPhoto":1,"PlayPersonName":1,
"RecognitionButton":0,"UnregisteredWarn":0,"ShowPersonName":1,"FillLight":2,
"FunctionList":{"BodyTemperature":true,"Fingerprint":false,"Palmvein":true,"Face":true,"QRCode":true,"FaceMask":true,"SafetyHelmet":false,"Lift":true,"AlarmClock":true,"ExcelFile":false,"ZipFile":false,"TimeGroup":64,"WIFI":true,"HTTPClient_V1":true,"HTTPClient_V2":true,"MQTT":true,"YZW":true,"Websocket_V1":true,"Websocket_V2":true}
})json";

}  // namespace

Poco::JSON::Object::Ptr WorkSettings::defaults(const std::string& sn, const std::string& serverAddr,
                                               int keepaliveSeconds, std::int64_t now) {
    // Keep the document's member order: terminals write their settings in a fixed order.
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    auto ordered = parser.parse(kDocumentExample).extract<Poco::JSON::Object::Ptr>();
    ordered->set("DeviceSN", sn);
    ordered->set("SystemTime", now);
    ordered->set("BootTime", now);
    ordered->set("UseHTTPClient", 1);
    ordered->set("HTTPClient_ServerAddr", serverAddr);
    ordered->set("HTTPClient_KeepaliveTime", keepaliveSeconds);
    ordered->set("HTTPClient_UseGZIP", 1);
    return ordered;
}

bool WorkSettings::isReadOnly(const std::string& key) {
    static const std::set<std::string> readOnly{
        "DeviceSN",      "SystemTime",        "BootTime",          "RunDays",          "FormatCount",
        "WatchDogCount", "RelayStatus",       "KeepOpenStatus",    "DoorSensorStatus", "LockDoorStatus",
        "AlarmStatus",   "PeopleStorageInfo", "RecordStorageInfo", "FirmwareVerson",   "FingerprintVerson",
        "FaceVerson",    "FunctionList",      "Success",           "Message"};
    return readOnly.count(key) != 0;
}

}  // namespace passway::sim::httpv2
