import { AuditOutlined, CalendarOutlined, EnvironmentOutlined, FileSearchOutlined, FireOutlined, NotificationOutlined, PhoneOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../api/auth';
import { useHome } from '../api/home';
import { useBundles } from '../api/joint';
import { formatDate } from '../components/format';

/**
 * The centre's front door: what to do online, the items people come for most, 一件事 themes,
 * notices (holidays, closures), and how to come: address, hours, phone, booking and queueing.
 */
export function HomePage() {
  const { data: me } = useMe();
  const { data: home, isLoading } = useHome();
  const { data: bundles } = useBundles('bundle');
  const applyBase = me?.role === 'applicant' ? '/portal/apply' : '/guide';
  const tiles = [
    { to: '/portal', icon: <ShopOutlined />, title: '在线办事', text: '查找事项、在线申请，材料一次提交，最多跑一次' },
    { to: '/progress', icon: <FileSearchOutlined />, title: '进度查询', text: '凭申请编号和查询码，随时查询办理进度' },
    { to: '/portal/appointments', icon: <CalendarOutlined />, title: '预约办事', text: '网上预约到大厅办理的时段，到了直接取号' },
    { to: '/inquiries', icon: <TeamOutlined />, title: '咨询投诉', text: '办事有疑问、对服务不满意，都可以在这里留言' },
    { to: '/login', icon: <AuditOutlined />, title: '工作人员登录', text: '窗口受理、部门审批、电子监察' },
  ];
  const centre = home?.centre;
  return (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <div style={{ background: 'linear-gradient(120deg,#0b4f9c,#1d5fb0)', color: '#fff', borderRadius: 8, padding: 'clamp(20px, 4vw, 36px) clamp(16px, 4vw, 28px)' }}>
        <Typography.Title level={1} style={{ color: '#fff', marginTop: 0, fontSize: 'clamp(24px, 6vw, 34px)' }}>
          一网通办 · 一窗受理
        </Typography.Title>
        <Typography.Paragraph style={{ color: '#fff', fontSize: 16, marginBottom: 0 }}>
          一次告知、综合受理、分类审批、统一出件。让群众和企业办事“只进一扇门、最多跑一次”。
        </Typography.Paragraph>
      </div>

      <Row gutter={[16, 16]}>
        {tiles.map((t) => (
          <Col xs={12} md={8} xl={{ flex: "20%" }} key={t.to}>
            <Link to={t.to} style={{ display: 'block', height: '100%' }}>
              <Card hoverable style={{ height: '100%' }}>
                <div style={{ fontSize: 28, color: '#0b4f9c' }} aria-hidden>
                  {t.icon}
                </div>
                <Typography.Title level={2} style={{ fontSize: 18, margin: '8px 0' }}>
                  {t.title}
                </Typography.Title>
                <Typography.Text type="secondary">{t.text}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<><FireOutlined aria-hidden /> 热门事项</>} extra={<Link to="/guide">全部事项</Link>} loading={isLoading} style={{ height: '100%' }}>
            <List
              dataSource={home?.hotItems ?? []}
              locale={{ emptyText: '暂无事项' }}
              renderItem={(item) => (
                <List.Item
                  data-testid="hot-item"
                  actions={[
                    <Link key="apply" to={`${applyBase}/${item.id}`} aria-label={`${me?.role === 'applicant' ? '在线申请' : '办事指南'}：${item.name}`}>
                      {me?.role === 'applicant' ? '在线申请' : '办事指南'}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta title={<Link to={`/guide/${item.id}`}>{item.name}</Link>} description={`${item.departmentName}${item.applications ? ` · 近三个月 ${item.applications} 件` : ''}`} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={<><NotificationOutlined aria-hidden /> 通知公告</>} loading={isLoading}>
              {home?.notices.length ? (
                <List
                  dataSource={home.notices}
                  renderItem={(n) => (
                    <List.Item data-testid="notice">
                      <List.Item.Meta title={n.title} description={<><div>{n.body}</div><Typography.Text type="secondary">{formatDate(n.date)}</Typography.Text></>} />
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期大厅照常办公，没有调整安排" />
              )}
            </Card>
            <Card title={<><EnvironmentOutlined aria-hidden /> 来大厅办事</>} loading={isLoading} data-testid="visit-info">
              <Space direction="vertical" size={6}>
                <Typography.Text strong>{centre?.name ?? '政务服务中心'}</Typography.Text>
                {centre?.address && <Typography.Text>地址：{centre.address}</Typography.Text>}
                {centre?.hours && <Typography.Text>办公时间：{centre.hours}</Typography.Text>}
                {centre?.phone && (
                  <Typography.Text>
                    <PhoneOutlined aria-hidden /> 咨询电话：<a href={`tel:${centre.phone}`}>{centre.phone}</a>
                  </Typography.Text>
                )}
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  <strong>预约和排队：</strong>可以先<Link to="/portal/appointments">网上预约</Link>办理时段，到大厅后在取号机输入预约码或刷身份证取号；没有预约也可以直接取号。叫到您的号时，请到屏幕显示的窗口办理。取号后可用手机扫描号票上的二维码查看前面还有几人。
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  老年人、残疾人、孕妇可取优先号；行动不便的可申请<Link to="/visits">上门服务</Link>。
                </Typography.Paragraph>
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>

      <Card title="一件事 · 集成办理" extra={<Link to="/portal/bundles">全部主题</Link>}>
        {bundles?.length ? (
          <Row gutter={[12, 12]}>
            {bundles.map((b) => (
              <Col xs={24} sm={12} lg={8} key={b.id}>
                <Card size="small" title={<Link to={me?.role === 'applicant' ? `/portal/bundles/${b.id}` : '/portal/bundles'}>{b.name}</Link>} style={{ height: '100%' }} data-testid="bundle">
                  <Space wrap size={[4, 4]}>
                    <Tag color="blue">{b.members.length} 个事项一次办</Tag>
                    <Tag>承诺 {b.promisedLimitDays} 个工作日</Tag>
                    <Tag>{{ natural: '个人', legal: '企业', both: '个人、企业' }[b.target]}</Tag>
                  </Space>
                  {b.description && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '8px 0 0' }}>
                      {b.description}
                    </Typography.Paragraph>
                  )}
                </Card>
              </Col>
            ))}
          </Row>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无一件事主题" />
        )}
      </Card>
    </Space>
  );
}
