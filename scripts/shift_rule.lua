-- shift_rule.lua: online authorization, refused outside the working shift.
--
-- Terminals that ask the server before opening (httpv2 RequestAuthorization)
-- get this script's answer within the device's deadline. Inside the shift
-- the script returns nil, so the built-in rules (registered, not
-- blacklisted, validity, time group, passes) decide; outside it refuses with
-- "Outside your shift". Persons with role admin are never refused by it,
-- and neither are persons outside the configured access groups.
--
-- Settings:
--   script.shift_rule.shift   "HH:MM-HH:MM", e.g. "07:00-19:00"; a start after the end spans midnight
--                             (required; without it the script stays idle and decides nothing)
--   script.shift_rule.days    weekdays the shift exists, 1 = Monday … 7 = Sunday, e.g. "1-5" or "1,3,5" (default "1-7")
--   script.shift_rule.groups  comma-separated access groups the rule applies to (default: everyone)
-- The time of day is the terminal's (request.time in request.tzMinutes).
--
-- The Scripts screen's settings form (README "Script settings"):
-- @setting shift string "" the working shift, HH:MM-HH:MM (e.g. 07:00-19:00); without it the script decides nothing
-- @setting days string 1-7 weekdays the shift exists, 1 = Monday ... 7 = Sunday (e.g. 1-5)
-- @setting groups list "" access groups the rule applies to (empty: everyone)

local shift = passway.config.get("shift")
if not shift or shift == "" then
  passway.log.info("script.shift_rule.shift is not set; the shift rule is idle")
  return
end
local sh, sm, eh, em = shift:match("^(%d%d?):(%d%d)%-(%d%d?):(%d%d)$")
if not sh then error("script.shift_rule.shift must look like 07:00-19:00, not '" .. shift .. "'") end
local first, last = tonumber(sh) * 60 + tonumber(sm), tonumber(eh) * 60 + tonumber(em)

local days = {}
for part in passway.config.get("days", "1-7"):gmatch("[^,]+") do
  local a, b = part:match("^%s*(%d)%s*%-%s*(%d)%s*$")
  if a then
    for d = tonumber(a), tonumber(b) do days[d] = true end
  elseif part:match("^%s*%d%s*$") then
    days[tonumber(part)] = true
  else
    error("script.shift_rule.days: bad part '" .. part .. "'")
  end
end

local groups = {}
local any_group = true
for g in passway.config.get("groups", ""):gmatch("[^,%s]+") do groups[g] = true; any_group = false end

local function in_shift(minute, weekday)
  if not days[weekday] then return false end
  if first <= last then return minute >= first and minute < last end
  return minute >= first or minute < last  -- overnight
end

passway.on_authorize(function(request)
  if not request.userId then return nil end  -- unknown person: the built-in rules refuse
  local person = passway.persons.get(request.userId)
  if not person or person.role == "admin" then return nil end
  if not any_group then
    local member = false
    for _, g in ipairs(person.accessGroups) do if groups[g] then member = true end end
    if not member then return nil end
  end
  local t = passway.time.date(request.time, request.tzMinutes)
  if in_shift(t.hour * 60 + t.min, t.wday) then return nil end
  return {allow = false, message = "Outside your shift", reason = "outside_shift"}
end)
