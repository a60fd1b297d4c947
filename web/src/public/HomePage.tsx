import { AuditOutlined, FileSearchOutlined, ShopOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';

/** The centre's front door: apply online, follow a case, or sign in to work. */
export function HomePage() {
  const tiles = [
    { to: '/portal', icon: <ShopOutlined />, title: '在线办事', text: '查找事项、在线申请，材料一次提交，最多跑一次' },
    { to: '/progress', icon: <FileSearchOutlined />, title: '进度查询', text: '凭申请编号和查询码，随时查询办理进度' },
    { to: '/login', icon: <AuditOutlined />, title: '工作人员登录', text: '窗口受理、部门审批、电子监察' },
  ];
  return (
    <div>
      <div style={{ background: 'linear-gradient(120deg,#0b4f9c,#2f7bd6)', color: '#fff', borderRadius: 8, padding: '36px 28px', marginBottom: 24 }}>
        <Typography.Title level={2} style={{ color: '#fff', marginTop: 0 }}>
          一网通办 · 一窗受理
        </Typography.Title>
        <Typography.Paragraph style={{ color: '#e6f0ff', fontSize: 16, marginBottom: 0 }}>
          一次告知、综合受理、分类审批、统一出件。让群众和企业办事“只进一扇门、最多跑一次”。
        </Typography.Paragraph>
      </div>
      <Row gutter={[16, 16]}>
        {tiles.map((t) => (
          <Col xs={24} md={8} key={t.to}>
            <Link to={t.to}>
              <Card hoverable>
                <div style={{ fontSize: 32, color: '#0b4f9c' }}>{t.icon}</div>
                <Typography.Title level={4}>{t.title}</Typography.Title>
                <Typography.Text type="secondary">{t.text}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
