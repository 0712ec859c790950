-- Where and when cases were reported, for duplicate candidates: an R*Tree over latitude,
-- longitude and the day of the report (days since the Unix epoch), so one box query finds the
-- cases near a point within a time window.

CREATE VIRTUAL TABLE cases_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon,
                                           min_day, max_day);
INSERT INTO cases_geo (id, min_lat, max_lat, min_lon, max_lon, min_day, max_day)
  SELECT id, lat, lat, lon, lon, requested_at / 86400000000.0, requested_at / 86400000000.0
  FROM cases WHERE lat IS NOT NULL AND lon IS NOT NULL;
