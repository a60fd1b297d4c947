import { Button, Result, Space } from 'antd';
import { useNavigate } from 'react-router';

/** An address that leads nowhere: say so, and offer the ways on. */
export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已移动。请检查地址，或从下面的入口继续办事。"
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          <Button type="primary" onClick={() => navigate('/')}>
            返回首页
          </Button>
          <Button onClick={() => navigate('/guide')}>办事指南</Button>
          <Button onClick={() => navigate('/progress')}>进度查询</Button>
        </Space>
      }
    />
  );
}
