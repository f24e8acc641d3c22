-- sms_alert.lua: a text message when something needs a person's attention.
--
--  * a record of a blacklisted person (role "blacklist"), or one a terminal
--    refused with reason "blacklist";
--  * a device alarm (device.alarm: tamper, fire, forced door, ...).
--
-- Messages go through passway.sms.send, i.e. the SMS gateway of the sms.*
-- keys, via the outbox (durable, retried). Settings:
--   script.sms_alert.to      comma-separated phone numbers (required; without it the script stays idle)
--   script.sms_alert.prefix  text before each message (default "[Passway] ")
--
-- The Scripts screen's settings form (README "Script settings"):
-- @setting to list "" comma-separated phone numbers; without them the script stays idle
-- @setting prefix string "[Passway] " text before each message

local to = passway.config.get("to")
if not to or to == "" then
  passway.log.info("script.sms_alert.to is not set; SMS alerts are idle")
  return
end
local prefix = passway.config.get("prefix", "[Passway] ")
local numbers = {}
for n in to:gmatch("[^,%s]+") do numbers[#numbers + 1] = n end

local function alert(text, key)
  local ids = {}
  for i, number in ipairs(numbers) do
    local id, err = passway.sms.send{to = number, text = prefix .. text, key = key .. "-" .. i}
    if not id then error("sms to " .. number .. ": " .. err) end
    ids[#ids + 1] = id
  end
  return ids
end

local function device_name(id)
  local d = passway.devices.get(id)
  return d and (d.name ~= "" and d.name or d.serial) or ("device " .. tostring(id))
end

passway.on("record.created", function(r)
  local person = r.userId and passway.persons.get(r.userId)
  local blacklisted = (person and person.role == "blacklist") or r.reason == "blacklist"
  if not blacklisted then return nil end
  local who = person and (person.name .. " (" .. person.userId .. ")") or ("user " .. tostring(r.userId or "?"))
  return alert(("blacklisted %s at %s, %s"):format(who, device_name(r.deviceId),
               passway.time.format(r.deviceTime, "%Y-%m-%d %H:%M:%S")), "record-" .. r.id)
end)

passway.on("device.alarm", function(a, topic)
  return alert(("alarm %s at %s"):format(tostring(a.alarm or a.event or "?"), device_name(a.deviceId)),
               "alarm-" .. tostring(a.deviceId) .. "-" .. passway.time.now())
end)
