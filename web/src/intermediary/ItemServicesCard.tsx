import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { dayUnitText, usePublicServiceTypes } from '../api/intermediary';

/** On an item's guide: the intermediary services its approval needs, chosen freely in the 中介超市. */
export function ItemServicesCard({ itemId }: { itemId: number }) {
  const { data } = usePublicServiceTypes(itemId);
  if (!data?.serviceTypes.length) return null;
  return (
    <Card title="涉及的中介服务">
      <Typography.Paragraph type="secondary">以下中介服务由申请人在中介超市自主选取，审批部门不指定中介机构。</Typography.Paragraph>
      <List
        dataSource={data.serviceTypes}
        renderItem={(t) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to="/intermediary">{t.name}</Link>}
              description={`依据：${t.legalBasis}；收费：${t.feeBasis}；通常 ${dayUnitText(t.usualDays, t.dayUnit)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
