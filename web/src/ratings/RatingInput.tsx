import { Rate, type RateProps } from 'antd';

type Props = Omit<RateProps, 'id'> & { id?: string; 'aria-label': string; 'aria-required'?: boolean | 'true' | 'false'; 'aria-invalid'?: boolean | 'true' | 'false'; 'aria-describedby'?: string };

/**
 * Stars inside a form: antd's Form.Item marks its child required/invalid, which a star list
 * (`<ul>`) may not carry, and its label cannot point at a list. The stars sit in a radio group
 * that carries the name, the marks and the field id instead.
 */
export function RatingInput({ id, 'aria-label': label, 'aria-required': required, 'aria-invalid': invalid, 'aria-describedby': describedBy, ...rate }: Props) {
  return (
    <div role="radiogroup" id={id} aria-label={label} aria-required={required} aria-invalid={invalid} aria-describedby={describedBy}>
      <Rate {...rate} />
    </div>
  );
}
