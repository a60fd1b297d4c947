import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useCase } from '../api/cases';
import { CaseActions } from './CaseActions';
import { CaseDetailView } from './CaseDetailView';
import { RateCaseCard } from '../ratings/RateCaseCard';
import { useMe } from '../api/auth';
import { JointSiblingsCard } from '../joint/JointSiblingsCard';

/** Any role's view of one case, with the actions that role may take. */
export function CasePage() {
  const { caseId } = useParams();
  const navigate = useNavigate();
  const { data, isLoading, error } = useCase(caseId);
  const { data: me } = useMe();
  const rateable = me?.role === 'applicant' && data && ['completed', 'refused'].includes(data.status) && !data.rated;
  return (
    <div>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingLeft: 0, marginBottom: 8 }}>
        返回
      </Button>
      {isLoading && <Skeleton active />}
      {error && <Alert type="error" showIcon message={error.message} />}
      {data?.jointApplicationId && me?.role === 'reviewer' && <JointSiblingsCard caseId={data.id} open={data.status === 'accepted' && !data.clockStopped} />}
      {data && (
        <CaseDetailView
          c={data}
          actions={
            <>
              <CaseActions c={data} />
              {rateable && <RateCaseCard caseId={data.id} />}
            </>
          }
        />
      )}
    </div>
  );
}
