-- wrk script for benchmarks/bench_petitions_load.sh: POSTs varied Vietnamese petitions to the
-- public API (POST /api/v1/petitions/), all four public kinds, some anonymous, some with identity
-- (complaints always carry a name and an address: they cannot be anonymous).
--
-- Every thread counts requests sent, 201 answers and other answers, and appends the tracking code
-- of every 201 answer to "$CODES_DIR/codes-<thread>.txt" so that the caller can check that every
-- acknowledged submission is in the database. done() prints machine-readable "BENCH key=value"
-- lines (parsed by the shell script) after wrk's own report.

local codes_dir = os.getenv("CODES_DIR") or "/tmp"

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local kinds = { "feedback", "recommendation", "complaint", "denunciation" }
local subjects = {
   "Phản ánh việc chậm giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại Ủy ban nhân dân xã",
   "Kiến nghị công khai danh sách hộ nghèo và việc phân bổ kinh phí hỗ trợ nhà ở",
   "Khiếu nại quyết định thu hồi đất và bồi thường không đúng diện tích thực tế của gia đình",
   "Tố cáo cán bộ địa chính nhận tiền để đẩy nhanh thủ tục chuyển mục đích sử dụng đất",
   "Phản ánh công trình đường giao thông nông thôn mới làm xong đã nứt, nghi bớt xén vật liệu",
   "Kiến nghị xem xét lại việc đấu thầu mua sắm thiết bị y tế của Trung tâm y tế huyện",
   "Tố cáo việc lập khống chứng từ chi hội nghị, công tác phí tại phòng Tài chính – Kế hoạch",
   "Khiếu nại việc không được hưởng chế độ trợ cấp thôi việc theo quy định",
}
local details = {
   "Sự việc kéo dài nhiều tháng, người dân đã liên hệ nhiều lần nhưng chưa được trả lời bằng văn bản.",
   "Đề nghị cơ quan thanh tra xác minh, làm rõ và xử lý nghiêm nếu có sai phạm.",
   "Tôi có giữ bản sao biên nhận hồ sơ và ảnh chụp hiện trường, sẵn sàng cung cấp khi được yêu cầu.",
   "Nhiều hộ dân trong thôn cũng gặp tình trạng tương tự, đề nghị được đối thoại trực tiếp.",
}
local names = { "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Thị Hằng", "Đặng Quốc Việt",
                "Vũ Minh Châu", "Bùi Thị Thu Trang", "Hồ Đức Thắng" }
local places = { "thôn Đông Yên, xã Phú Lộc", "tổ dân phố 5, phường Trường An", "số 12 đường Lê Lợi, phường Vĩnh Ninh",
                 "xóm 3, xã Quảng Thành", "khu phố Hòa Bình, thị trấn Sịa" }

local function pick(list, n)
   return list[(n % #list) + 1]
end

function init(args)
   sent = 0
   created = 0
   other = 0
   other_codes = ""
   local path = codes_dir .. "/codes-" .. id .. ".txt"
   codes_file = assert(io.open(path, "w"))
   codes_file:setvbuf("line")
   counter = id * 1000003
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json; charset=utf-8"
   wrk.headers["Accept"] = "application/json"
end

function request()
   counter = counter + 1
   sent = sent + 1
   local n = counter
   local kind = kinds[(n % 4) + 1]
   local content = pick(subjects, n) .. " (lần " .. n .. "). " .. pick(details, n * 7 + 3)
   -- About a third anonymous, never for complaints.
   local anonymous = (kind ~= "complaint") and (n % 3 == 0)
   local body
   if anonymous then
      body = string.format('{"kind":"%s","content":"%s","anonymous":true}', kind, content)
   else
      body = string.format(
         '{"kind":"%s","content":"%s","anonymous":false,"name":"%s","id_number":"%012d",'
            .. '"phone":"09%08d","email":"nguoidan%d@example.vn","address":"%s","field":"Đất đai"}',
         kind, content, pick(names, n), n % 1000000000000, n % 100000000, n, pick(places, n * 5 + 1))
   end
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
      local code = string.match(body or "", '"tracking_code"%s*:%s*"([^"]+)"')
      codes_file:write((code or "MISSING"), "\n")
   else
      other = other + 1
      if #other_codes < 200 then
         other_codes = other_codes .. status .. " "
      end
   end
end

function done(summary, latency, requests)
   local t_sent, t_created, t_other, t_codes = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      t_sent = t_sent + thread:get("sent")
      t_created = t_created + thread:get("created")
      t_other = t_other + thread:get("other")
      t_codes = t_codes .. thread:get("other_codes")
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format("BENCH duration_s=%.2f\n", seconds))
   io.write(string.format("BENCH responses=%d\n", summary.requests))
   io.write(string.format("BENCH rps=%.1f\n", summary.requests / seconds))
   io.write(string.format("BENCH p50_ms=%.1f\n", latency:percentile(50) / 1000))
   io.write(string.format("BENCH p90_ms=%.1f\n", latency:percentile(90) / 1000))
   io.write(string.format("BENCH p99_ms=%.1f\n", latency:percentile(99) / 1000))
   io.write(string.format("BENCH max_ms=%.1f\n", latency.max / 1000))
   io.write(string.format("BENCH sent=%d\n", t_sent))
   io.write(string.format("BENCH accepted=%d\n", t_created))
   io.write(string.format("BENCH non201=%d\n", t_other))
   io.write(string.format("BENCH non201_statuses=%s\n", t_codes))
   io.write(string.format("BENCH socket_errors=%d\n", e.connect + e.read + e.write + e.timeout))
end
