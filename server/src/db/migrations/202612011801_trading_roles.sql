-- Public resource trading (公共资源交易) brings three roles: the tendering agency, the trading
-- centre's staff and the evaluation expert. Tenderers and bidders are legal-person applicants.
INSERT INTO roles (code, name) VALUES
  ('trading_agency', '招标代理机构'),
  ('trading_officer', '交易中心工作人员'),
  ('expert', '评标专家')
ON CONFLICT DO NOTHING;
