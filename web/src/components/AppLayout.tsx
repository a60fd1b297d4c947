import { BankOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS, useLogout, useMe, type Role } from '../api/auth';
import { NotificationBell } from './NotificationBell';

const NAV: Record<Role, { key: string; label: string }[]> = {
  applicant: [
    { key: '/portal', label: '办事大厅' },
    { key: '/portal/cases', label: '我的办件' },
    { key: '/portal/licences', label: '我的证照' },
    { key: '/portal/appointments', label: '预约' },
    { key: '/visits', label: '上门服务' },
    { key: '/portal/ratings', label: '我的评价' },
    { key: '/portal/bundles', label: '一件事' },
    { key: '/portal/joint', label: '我的联办' },
    { key: '/portal/projects', label: '我的项目' },
    { key: '/portal/agency', label: '我的代办' },
    { key: '/trading/bidder', label: '公共资源交易' },
    { key: '/portal/intermediary', label: '中介服务' },
    { key: '/guide', label: '办事指南' },
    { key: '/progress', label: '进度查询' },
  ],
  clerk: [
    { key: '/hall', label: '受理工作台' },
    { key: '/hall/walk-in', label: '窗口登记' },
    { key: '/hall/joint', label: '联办受理' },
    { key: '/hall/queue', label: '叫号' },
    { key: '/hall/duty', label: '在岗' },
    { key: '/visits', label: '上门服务' },
    { key: '/inquiries', label: '咨询投诉' },
  ],
  reviewer: [
    { key: '/review', label: '审批工作台' },
    { key: '/inquiries', label: '咨询投诉' },
  ],
  admin: [
    { key: '/admin', label: '中心概况' },
    { key: '/admin/catalog', label: '事项目录' },
    { key: '/admin/calendar', label: '工作日历' },
    { key: '/admin/staff', label: '人员与AB角' },
    { key: '/admin/network', label: '服务网络' },
    { key: '/admin/feed', label: '数据对接' },
    { key: '/admin/licence-types', label: '证照类型' },
    { key: '/admin/seals', label: '电子印章' },
    { key: '/admin/licences', label: '证照管理' },
    { key: '/admin/decision-settings', label: '决定机关与文号' },
    { key: '/admin/archives', label: '电子档案' },
    { key: '/admin/rectifications', label: '差评整改' },
    { key: '/admin/hall', label: '大厅管理' },
    { key: '/admin/discipline', label: '窗口纪律' },
    { key: '/admin/assessment', label: '考核' },
    { key: '/visits', label: '上门服务' },
    { key: '/admin/intermediary', label: '中介超市' },
  ],
  supervisor: [
    { key: '/supervise', label: '电子监察' },
    { key: '/supervise/projects', label: '项目看板' },
    { key: '/supervise/rectifications', label: '差评整改' },
    { key: '/inquiries', label: '咨询投诉' },
    { key: '/ratings', label: '好差评公示' },
    { key: '/supervise/intermediary', label: '中介超市' },
    { key: '/trading/centre', label: '交易监察' },
  ],
  trading_agency: [
    { key: '/trading/projects', label: '交易项目' },
    { key: '/trading', label: '交易公告' },
  ],
  trading_officer: [
    { key: '/trading/projects', label: '交易项目' },
    { key: '/trading/centre', label: '专家·黑名单·预警' },
    { key: '/trading', label: '交易公告' },
  ],
  expert: [
    { key: '/trading/expert', label: '我的评标' },
  ],
  intermediary: [
    { key: '/intermediary/desk', label: '中介机构工作台' },
    { key: '/intermediary', label: '中介超市' },
  ],
  department_head: [{ key: '/head', label: '负责人审批' }],
  government_head: [{ key: '/head', label: '负责人审批' }],
  agent: [
    { key: '/village', label: '村代办' },
    { key: '/agent', label: '我的委托人与重点项目' },
    { key: '/agent/bundles', label: '一件事' },
    { key: '/guide', label: '办事指南' },
  ],
  inspector: [
    { key: '/inspect', label: '巡查' },
    { key: '/exposure/1', label: '曝光台' },
  ],
};

/** The frame of every signed-in page: the centre's name, the role's menu and the user. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const items = me
    ? NAV[me.role]
    : [
        { key: '/guide', label: '办事指南' },
        { key: '/progress', label: '进度查询' },
        { key: '/verify', label: '证照验真' },
        { key: '/ratings', label: '好差评公示' },
        { key: '/exposure/1', label: '文明窗口 · 曝光台' },
        { key: '/intermediary', label: '中介超市' },
      ];
  const selected = items
    .map((i) => i.key)
    .filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 'clamp(8px, 2vw, 24px)', background: '#0b4f9c', padding: '0 clamp(10px, 2vw, 20px)' }}>
        <Link to="/" style={{ color: '#fff', display: 'flex', alignItems: 'center', gap: 10, whiteSpace: 'nowrap' }}>
          <BankOutlined style={{ fontSize: 22 }} />
          <span style={{ fontSize: 'clamp(14px, 3.8vw, 17px)', fontWeight: 600 }}>梅河口市政务服务中心</span>
          <span className="hide-narrow" style={{ opacity: 0.8, fontSize: 13 }}>一网通办 · 一窗受理</span>
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          items={items.map((i) => ({ key: i.key, label: <Link to={i.key}>{i.label}</Link> }))}
          style={{ flex: 1, minWidth: 0, background: 'transparent' }}
        />
        {me ? (
          <Space size="middle">
            <NotificationBell />
            <Dropdown
              menu={{
                items: [
                  { key: 'role', label: ROLE_LABELS[me.role], disabled: true },
                  { key: 'security', label: <Link to="/me/security">账户安全</Link> },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: '退出登录',
                    onClick: () => logout.mutate(undefined, { onSuccess: () => navigate('/login') }),
                  },
                ],
              }}
            >
              <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} data-testid="user-menu" aria-label={me.displayName}>
                <span className="hide-narrow">{me.displayName}</span>
              </Button>
            </Dropdown>
          </Space>
        ) : (
          <Link to="/login" style={{ color: '#fff' }}>
            登录
          </Link>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: '20px clamp(12px, 3vw, 32px)', maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        {children}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#888' }}>
        <Typography.Text type="secondary">梅河口市政务服务中心 · 咨询电话 0435-12345 · onewindow 开源政务服务平台</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
