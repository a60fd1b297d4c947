import { BankOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { LargePrintToggle } from './DisplayMode';
import { FormErrorAnnouncer } from './FormErrorAnnouncer';
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
    { key: '/inquiries', label: '咨询投诉' },
    { key: '/guide', label: '办事指南' },
    { key: '/progress', label: '进度查询' },
  ],
  clerk: [
    { key: '/hall', label: '受理工作台' },
    { key: '/hall/walk-in', label: '窗口登记' },
    { key: '/hall/joint', label: '联办受理' },
    { key: '/hall/projects', label: '工程项目' },
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
    { key: '/admin/projects', label: '工程项目协调' },
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
    { key: '/admin/fees', label: '收费对账' },
  ],
  supervisor: [
    { key: '/supervise', label: '电子监察' },
    { key: '/supervise/projects', label: '项目看板' },
    { key: '/supervise/network', label: '分级监管' },
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

/** Members of staff: they have their own figures and ratings (我的工作). */
const STAFF_ROLES = new Set<Role>(['clerk', 'reviewer', 'department_head', 'government_head', 'supervisor', 'admin', 'agent', 'inspector', 'trading_officer']);

/** What a visitor who has not logged in can open. */
const PUBLIC_NAV = [
  { key: '/guide', label: '办事指南' },
  { key: '/progress', label: '进度查询' },
  { key: '/verify', label: '证照验真' },
  { key: '/ratings', label: '好差评公示' },
  { key: '/exposure/1', label: '文明窗口 · 曝光台' },
  { key: '/intermediary', label: '中介超市' },
];

const CENTRE_NAME = '梅河口市政务服务中心';

/**
 * The frame of every page: the centre's name, the role's menu (a drawer on phones), 长辈模式,
 * the user, a skip link for keyboards and one live region that reads form errors aloud.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement useBreakpoint answers {}, which would flash the phone layout.
  const narrow = Object.keys(screens).length > 0 && !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The server's role is any code of the roles table: one this build has no menu for gets none, not a crash.
  const items = me ? [...(NAV[me.role] ?? []), ...(me.applicantKind === 'legal' ? [{ key: '/portal/enterprise', label: '企业经办人' }] : [])] : PUBLIC_NAV;
  const selected = items
    .map((i) => i.key)
    .filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`))
    .sort((a, b) => b.length - a.length)[0];
  const selectedLabel = items.find((i) => i.key === selected)?.label;

  useEffect(() => setDrawerOpen(false), [location.pathname]);
  useEffect(() => {
    document.title = selectedLabel ? `${selectedLabel} · ${CENTRE_NAME}` : `${CENTRE_NAME} · 一网通办`;
  }, [selectedLabel]);

  const menuItems = items.map((i) => ({ key: i.key, label: <Link to={i.key}>{i.label}</Link> }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 'clamp(4px, 2vw, 24px)', background: '#0b4f9c', padding: '0 clamp(6px, 2vw, 20px)' }}>
        {narrow && (
          <Button type="text" icon={<MenuOutlined />} aria-label="打开菜单" aria-expanded={drawerOpen} data-testid="menu-button" onClick={() => setDrawerOpen(true)} style={{ color: '#fff' }} />
        )}
        <Link to="/" style={{ color: '#fff', display: 'flex', alignItems: 'center', gap: 8, whiteSpace: 'nowrap', minWidth: 0 }}>
          <BankOutlined style={{ fontSize: 22 }} aria-hidden />
          <span className="site-name">{CENTRE_NAME}</span>
          <span className="hide-narrow" style={{ opacity: 0.9, fontSize: 13 }}>
            一网通办 · 一窗受理
          </span>
        </Link>
        {narrow ? (
          <div style={{ flex: 1 }} />
        ) : (
          <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
            <Menu theme="dark" mode="horizontal" selectedKeys={selected ? [selected] : []} items={menuItems} style={{ background: 'transparent' }} />
          </nav>
        )}
        <LargePrintToggle compact={narrow} />
        {me ? (
          <Space size={narrow ? 4 : 'middle'}>
            <NotificationBell />
            <Dropdown
              menu={{
                items: [
                  { key: 'role', label: ROLE_LABELS[me.role], disabled: true },
                  ...(STAFF_ROLES.has(me.role) ? [{ key: 'work', label: <Link to="/me/work">我的工作</Link> }] : []),
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
              <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} data-testid="user-menu" aria-label={`${me.displayName}：账户菜单`}>
                <span className="hide-narrow">
                  {me.displayName}
                  {me.actingPerson && `（${me.actingPerson.role === 'legal_rep' ? '法定代表人' : '经办人'} ${me.actingPerson.name}）`}
                </span>
              </Button>
            </Dropdown>
          </Space>
        ) : (
          <Link to="/login" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
            登录
          </Link>
        )}
      </Layout.Header>
      <Drawer title="菜单" placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={280} styles={{ body: { padding: 0 } }}>
        <nav aria-label="主菜单">
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={menuItems} style={{ borderInlineEnd: 0 }} />
        </nav>
      </Drawer>
      {/* data-path says which page the content shows (tests wait for it after moving inside the app). */}
      <Layout.Content id="main" tabIndex={-1} data-path={location.pathname} style={{ padding: '20px clamp(10px, 3vw, 32px)', maxWidth: 1280, width: '100%', margin: '0 auto', outline: 'none' }}>
        {children}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">
          {CENTRE_NAME} · 咨询电话 0435-12345 · onewindow 开源政务服务平台
        </Typography.Text>
      </Layout.Footer>
      <FormErrorAnnouncer />
    </Layout>
  );
}
