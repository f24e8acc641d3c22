-- payroll.lua: every punch record, as JSON, to the payroll system.
--
-- On record.created it queues one POST to script.payroll.url through the
-- outbox: written to the store first, then delivered in the background and
-- retried with exponential back-off until the receiver answers 2xx (or the
-- item goes to the dead-letter state after outbox.max_attempts). Records come
-- from the event journal: the outbox item is written together with the
-- script's cursor move, so each record is queued exactly once, even across a
-- crash. The Idempotency-Key header is "record-<id>", so a receiver that got
-- a record whose answer was lost can drop the repeat.
--
-- Settings (passwayd configuration, e.g. --set script.payroll.url=...):
--   script.payroll.url        receiver URL (http or https); without it the script stays idle
--   script.payroll.token      optional; sent as "Authorization: Bearer <token>"
--   script.payroll.only_pass  "true": only records whose result is pass (default false)
--
-- Body: {"recordId", "deviceId", "deviceRecordId", "userId" (absent when
-- unknown), "time" (unix ms, terminal clock), "timeUtc" (ISO 8601),
-- "direction", "verifyType", "result", "seq" (the event's journal number)}.
--
-- The Scripts screen's settings form (README "Script settings"):
-- @setting url url "" receiver URL (http or https); without it the script stays idle
-- @setting token secret "" sent as "Authorization: Bearer <token>"
-- @setting only_pass bool false only records whose result is pass

local url = passway.config.get("url")
if not url or url == "" then
  passway.log.info("script.payroll.url is not set; payroll export is idle")
  return
end

local only_pass = passway.config.get("only_pass", "false") == "true"
local headers = {}
local token = passway.config.get("token")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end

passway.on("record.created", function(record)
  if only_pass and record.result ~= "pass" then return nil end
  local id, err = passway.outbox.send{
    url = url,
    headers = headers,
    key = "record-" .. record.id,
    body = {
      recordId = record.id,
      deviceId = record.deviceId,
      deviceRecordId = record.deviceRecordId,
      userId = record.userId,
      time = record.deviceTime,
      timeUtc = passway.time.format(record.deviceTime, "%Y-%m-%dT%H:%M:%SZ", "utc"),
      direction = record.direction,
      verifyType = record.verifyType,
      result = record.result,
      seq = record.seq,
    },
  }
  if not id then error("cannot queue record " .. record.id .. ": " .. err) end
  return id
end)
