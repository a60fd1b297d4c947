import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { ComplianceTab } from '../admin/network/ComplianceTab';
import { RankingTab } from '../admin/network/RankingTab';
import { LevelStats } from './LevelStats';

/** 分级监管: a supervisor's view of the levels below: statistics rolled up, the lower-centre ranking, 应进必进. */
export function NetworkSupervisionPage() {
  const [params, setParams] = useSearchParams();
  return (
    <Card title="分级监管（县、乡镇、村）">
      <Tabs
        activeKey={params.get('tab') ?? 'stats'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        items={[
          { key: 'stats', label: '分级统计', children: <LevelStats /> },
          { key: 'ranking', label: '下级中心考核', children: <RankingTab editable={false} /> },
          { key: 'compliance', label: '应进必进', children: <ComplianceTab editable={false} /> },
        ]}
      />
    </Card>
  );
}
