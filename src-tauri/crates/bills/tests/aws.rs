//! AWS Cost and Usage Reports (legacy CUR, its Athena/Parquet spelling and
//! CUR 2.0) against real and built fixtures: detection, reconciliation to
//! the cent per billing period and currency, the commitment rules, and
//! the lines each kind of row gives.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cloudlens_bills::formats::{self, Output, ReconcileOn};
use cloudlens_bills::{FormatId, Header, Row};
use cloudlens_model::{ChargeCategory, ChargeFrequency, Decimal, PricingCategory};
use common::*;
use csv::StringRecord;
use expect_test::expect;

// ---------------------------------------------------------------- AWS

#[test]
fn aws_legacy_cur_sample_reconciles_to_the_unblended_cost() {
    let (t, m) = map_file("aws-cur-legacy.csv");
    assert_eq!(m.format, FormatId::AwsCur);
    assert_eq!(m.variant, "legacy CUR");
    assert_eq!(claims(&t.header), vec![FormatId::AwsCur]);
    assert_eq!((m.rows, m.lines.len()), (1281, 1281));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("lineItem/UnblendedCost", "lineItem/CurrencyCode");
    assert_eq!(raw.get("USD"), Some(&dec("1.68230869740")));
    let expected = BTreeMap::from([(key(NOV_2023, "USD"), dec("1.68230869740"))]);
    assert_eq!(totals(&m, |l| l.billed_cost), expected);
    assert_eq!(source_totals(&m), expected);
    // No commitments in this account: amortized equals billed.
    assert_eq!(totals(&m, |l| l.effective_cost), expected);

    let taxes: Vec<_> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Tax)
        .collect();
    assert_eq!(taxes.len(), 12);
    assert!(taxes
        .iter()
        .all(|l| l.dims.charge_frequency == Some(ChargeFrequency::Recurring)));
    let s3 = m
        .lines
        .iter()
        .find(|l| {
            l.extras
                .as_deref()
                .is_some_and(|e| e.contains("\"x_ProductCode\":\"AmazonS3\""))
        })
        .unwrap();
    check(
        s3,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services Canada, Inc. | issuer=Amazon Web Services Canada, Inc.
            account: id=123412340534 | type=Payer Account | currency=USD
            sub_account: id=123412340534 | type=Linked Account
            service: name=Amazon Simple Storage Service | category=Storage | subcategory=Other (Storage)
            charge: category=Tax | frequency=Recurring | description=Tax for product code AmazonS3
            periods: billing=2023-11-01T00:00:00+00:00..2023-12-01T00:00:00+00:00 | charge=2023-11-01T00:00:00+00:00..2023-12-01T00:00:00+00:00
            cost: billed=0.07 | effective=0.07 | list=0.07 | contracted=0.07
            pricing: currency=USD
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=6k4rjn4fvoabcdabcdabcdabcdabcdabcdabcdabccyz6f6hz4q | x_LineItemType=Tax | x_ProductCode=AmazonS3 | x_TaxType=Canada Tax
            row: 12
        "#]],
    );
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.billing_account_id == "123412340534"));
    assert!(
        m.distinct_dims < m.lines.len() / 2,
        "equal dimensions are shared"
    );
}

#[test]
fn aws_cur2_maps_every_line_item_type_without_double_counting() {
    let (t, m) = map_file("aws-cur2.csv");
    assert_eq!(m.format, FormatId::AwsCur2);
    assert_eq!(m.variant, "CUR 2.0");
    assert_eq!(claims(&t.header), vec![FormatId::AwsCur2]);
    // 14 rows; the RIFee and the SavingsPlanRecurringFee each add an
    // unused-commitment line.
    assert_eq!((m.rows, m.lines.len()), (14, 16));

    // BilledCost is the net unblended cost where the file has one.
    let unblended = t.cells("line_item_unblended_cost");
    let net = t.cells("line_item_net_unblended_cost");
    let independent: Decimal = unblended
        .iter()
        .zip(&net)
        .map(|(u, n)| {
            if n.is_empty() || n == "NULL" {
                dec(u)
            } else {
                dec(n)
            }
        })
        .sum();
    assert_eq!(independent, dec("1924.6796042"));
    let billed = BTreeMap::from([(key(MAR_2025, "USD"), dec("1924.6796042"))]);
    assert_eq!(totals(&m, |l| l.billed_cost), billed);
    assert_eq!(source_totals(&m), billed);
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);
    // Hand-computed: on-demand rows at cost, SP-covered usage at its SP
    // rate (2.28), RI usage at its amortized rate (3.12), the negation and
    // the fees at 0, plus the unused commitment (4.40 SP, 1.50 + 2.25 RI).
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(MAR_2025, "USD"), dec("1268.5096042"))])
    );

    let li = |id: &str| {
        let id = format!("\"x_LineItemId\":\"{id}\"");
        m.lines
            .iter()
            .filter(move |l| l.extras.as_deref().is_some_and(|e| e.contains(&id)))
            .collect::<Vec<_>>()
    };
    // On-demand EC2: tags without the user prefix, the aws: one kept.
    let ec2 = li("li-01")[0];
    check(
        ec2,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=$0.1008 per On Demand Linux m7i.large Instance Hour
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-10T00:00:00+00:00..2025-03-11T00:00:00+00:00
            cost: billed=2.4192 | effective=2.4192 | list=2.4192 | contracted=2.4192
            pricing: category=Standard | quantity=24 | unit=Hours | currency=USD | list_price=0.1008 | contracted_price=0.1008
            consumed: quantity=24 | unit=Hours
            sku: id=ABCD | meter=USE1-BoxUsage:m7i.large | price_id=ABCD.JRTCKXETXF.6YS6EN2CT7
            region: id=us-east-1 | name=US East (N. Virginia) | zone=us-east-1a
            resource: id=i-0aaa1111 | name=i-0aaa1111 | type=instance
            invoice: id=EUINUS25-000001
            tags: aws:createdBy=IAMUser:alice | env=prod | team=data
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_CostCategories={"team":"Data Platform"} | x_InstanceType=m7i.large | x_LineItemId=li-01 | x_LineItemType=Usage | x_Operation=RunInstances | x_PricingTerm=OnDemand | x_ProductCode=AmazonEC2 | x_ProductFamily=Compute Instance | x_ServiceCode=AmazonEC2 | x_UsageType=USE1-BoxUsage:m7i.large
            row: 2
        "#]],
    );

    // Savings Plan: covered usage and its negation net to nothing billed,
    // and only the covered row carries effective cost.
    let (covered, negation) = (li("li-02")[0], li("li-03")[0]);
    check(
        covered,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=USD 0.095 per hour for Compute SP, c7g.xlarge
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-10T00:00:00+00:00..2025-03-11T00:00:00+00:00
            cost: billed=3.48 | effective=2.28 | list=3.48 | contracted=3.48
            pricing: category=Committed | quantity=24 | unit=Hours | currency=USD | list_price=0.145 | contracted_price=0.145
            consumed: quantity=24 | unit=Hours
            region: id=us-east-1 | name=US East (N. Virginia) | zone=us-east-1b
            resource: id=i-0bbb2222 | name=i-0bbb2222 | type=instance
            commitment: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | category=Spend | type=Savings Plan | status=Used
            invoice: id=EUINUS25-000001
            tags: team=web
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_InstanceType=c7g.xlarge | x_LineItemId=li-02 | x_LineItemType=SavingsPlanCoveredUsage | x_Operation=RunInstances | x_PricingTerm=OnDemand | x_ProductCode=AmazonEC2 | x_UsageType=USE1-BoxUsage:c7g.xlarge
            row: 3
        "#]],
    );
    check(
        negation,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=SavingsPlanNegation used by AccountId : 444455556666 and UsageSku : EFGH
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-10T00:00:00+00:00..2025-03-11T00:00:00+00:00
            cost: billed=-3.48 | effective=0 | list=0 | contracted=0
            pricing: category=Committed | currency=USD
            region: id=us-east-1 | name=US East (N. Virginia) | zone=us-east-1b
            resource: id=i-0bbb2222 | name=i-0bbb2222 | type=instance
            commitment: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | category=Spend | type=Savings Plan | status=Used
            invoice: id=EUINUS25-000001
            tags: team=web
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-03 | x_LineItemType=SavingsPlanNegation | x_Operation=RunInstances | x_ProductCode=AmazonEC2 | x_UsageType=USE1-BoxUsage:c7g.xlarge
            row: 4
        "#]],
    );
    for l in [covered, negation] {
        assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
        assert_eq!(
            l.dims.commitment_discount_category.as_deref(),
            Some("Spend")
        );
        assert_eq!(
            l.dims.commitment_discount_type.as_deref(),
            Some("Savings Plan")
        );
        assert_eq!(l.dims.pricing_category, Some(PricingCategory::Committed));
        assert_eq!(l.commitment_discount_status.as_deref(), Some("Used"));
    }
    let fee = li("li-04");
    assert_eq!(fee.len(), 2);
    check(
        fee[0],
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=111122223333 | name=Example Corp | type=Linked Account
            service: name=Savings Plans for AWS Compute usage | category=Compute | subcategory=Other (Compute)
            charge: category=Purchase | frequency=Recurring | description=1 year No Upfront Compute Savings Plan
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=73.00 | effective=0 | list=73.00 | contracted=73.00
            pricing: category=Standard | quantity=744 | unit=Hours | currency=USD | contracted_price=0.098118
            region: id=global | name=Global
            resource: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | name=sp-0001 | type=savingsplan
            commitment: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | category=Spend | type=Savings Plan
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-04 | x_LineItemType=SavingsPlanRecurringFee | x_ProductCode=ComputeSavingsPlans | x_UsageType=ComputeSP:1yrNoUpfront
            row: 5
        "#]],
    );
    check(
        fee[1],
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=111122223333 | name=Example Corp | type=Linked Account
            service: name=Savings Plans for AWS Compute usage | category=Compute | subcategory=Other (Compute)
            charge: category=Usage | frequency=UsageBased | description=1 year No Upfront Compute Savings Plan
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=0 | effective=4.40 | list=0 | contracted=0
            pricing: category=Committed | currency=USD
            region: id=global | name=Global
            resource: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | name=sp-0001 | type=savingsplan
            commitment: id=arn:aws:savingsplans::111122223333:savingsplan/sp-0001 | category=Spend | type=Savings Plan | status=Unused
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-04 | x_LineItemType=SavingsPlanRecurringFee | x_ProductCode=ComputeSavingsPlans | x_UsageType=ComputeSP:1yrNoUpfront
            row: 5
        "#]],
    );

    // Reserved Instance: usage at its amortized rate, the fee's unused part.
    let ri_usage = li("li-05")[0];
    check(
        ri_usage,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=777788889999 | name=dev | type=Linked Account
            service: name=Amazon Relational Database Service | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=PostgreSQL, db.r6g.large reserved instance applied
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-12T00:00:00+00:00..2025-03-13T00:00:00+00:00
            cost: billed=0 | effective=3.12 | list=5.52 | contracted=5.52
            pricing: category=Committed | quantity=24 | unit=Hours | currency=USD | list_price=0.23
            consumed: quantity=24 | unit=Hours
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=arn:aws:rds:us-east-1:777788889999:db:orders-db | name=orders-db | type=db
            commitment: id=arn:aws:rds:us-east-1:111122223333:ri:ri-2025-0001 | category=Usage | type=Reserved Instance | status=Used
            invoice: id=EUINUS25-000001
            tags: team=orders
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-05 | x_LineItemType=DiscountedUsage | x_Operation=CreateDBInstance:0016 | x_PricingTerm=Reserved | x_ProductCode=AmazonRDS | x_UsageType=USE1-InstanceUsage:db.r6g.large
            row: 6
        "#]],
    );
    let ri_fee = li("li-06");
    assert_eq!(ri_fee.len(), 2);
    check(
        ri_fee[0],
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=777788889999 | name=dev | type=Linked Account
            service: name=Amazon Relational Database Service | category=Databases | subcategory=Relational Databases
            charge: category=Purchase | frequency=Recurring | description=USD 0.13 hourly fee per PostgreSQL, db.r6g.large instance
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=96.72 | effective=0 | list=96.72 | contracted=96.72
            pricing: category=Standard | quantity=744 | unit=Hours | currency=USD | contracted_price=0.13
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=arn:aws:rds:us-east-1:111122223333:ri:ri-2025-0001 | name=ri-2025-0001 | type=ri
            commitment: id=arn:aws:rds:us-east-1:111122223333:ri:ri-2025-0001 | category=Usage | type=Reserved Instance
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-06 | x_LineItemType=RIFee | x_Operation=CreateDBInstance:0016 | x_ProductCode=AmazonRDS | x_UsageType=USE1-HeavyUsage:db.r6g.large
            row: 7
        "#]],
    );
    check(
        ri_fee[1],
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=777788889999 | name=dev | type=Linked Account
            service: name=Amazon Relational Database Service | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=USD 0.13 hourly fee per PostgreSQL, db.r6g.large instance
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=0 | effective=3.75 | list=0 | contracted=0
            pricing: category=Committed | currency=USD
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=arn:aws:rds:us-east-1:111122223333:ri:ri-2025-0001 | name=ri-2025-0001 | type=ri
            commitment: id=arn:aws:rds:us-east-1:111122223333:ri:ri-2025-0001 | category=Usage | type=Reserved Instance | status=Unused
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-06 | x_LineItemType=RIFee | x_Operation=CreateDBInstance:0016 | x_ProductCode=AmazonRDS | x_UsageType=USE1-HeavyUsage:db.r6g.large
            row: 7
        "#]],
    );
    let upfront = li("li-14")[0];
    // A point-in-time fee is charged for the day it falls on.
    check(
        upfront,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=OneTime | description=Sign up charge for subscription: 2025-0002, planId: 1
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-05T12:00:00+00:00..2025-03-06T00:00:00+00:00
            cost: billed=500.00 | effective=0 | list=500.00 | contracted=500.00
            pricing: category=Standard | currency=USD
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri-2025-0002 | name=ri-2025-0002 | type=reserved-instances
            commitment: id=arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri-2025-0002 | category=Usage | type=Reserved Instance
            invoice: id=EUINUS25-000001
            extras: x_BillType=Purchase | x_BillingEntity=AWS | x_LineItemId=li-14 | x_LineItemType=Fee | x_ProductCode=AmazonEC2 | x_UsageType=USE1-HeavyUsage:m7i.large
            row: 16
        "#]],
    );

    // The CSV quirks: thousands separators, exponents, NULL, a multi-line cell.
    let s3 = li("li-07")[0];
    check(
        s3,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Simple Storage Service | category=Storage | subcategory=Other (Storage)
            charge: category=Usage | frequency=UsageBased | description=$0.023 per GB - first 50 TB / month of storage used
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=1234.56 | effective=1234.56 | list=1234.56 | contracted=1234.56
            pricing: category=Standard | quantity=53676.52 | unit=GB-Months | currency=USD | list_price=0.023 | contracted_price=0.023
            consumed: quantity=53676.52 | unit=GB-Months
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=example-data-bucket | name=example-data-bucket | type=bucket
            invoice: id=EUINUS25-000001
            tags: team=data
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-07 | x_LineItemType=Usage | x_Operation=StandardStorage | x_PricingTerm=OnDemand | x_ProductCode=AmazonS3 | x_UsageType=USE1-TimedStorage-ByteHrs
            row: 8
        "#]],
    );
    let lambda = li("li-08")[0];
    check(
        lambda,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=777788889999 | name=dev | type=Linked Account
            service: name=AWS Lambda | category=Compute | subcategory=Serverless Compute
            charge: category=Usage | frequency=UsageBased | description=AWS Lambda - Total Requests - US East (Northern Virginia)
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-14T00:00:00+00:00..2025-03-15T00:00:00+00:00
            cost: billed=0.0000042 | effective=0.0000042 | list=0.0000042 | contracted=0.0000042
            pricing: category=Standard | quantity=21 | unit=Requests | currency=USD | list_price=0.00000020 | contracted_price=0.00000020
            consumed: quantity=21 | unit=Requests
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=arn:aws:lambda:us-east-1:777788889999:function:resize-images | name=resize-images | type=function
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-08 | x_LineItemType=Usage | x_Operation=Invoke | x_PricingTerm=OnDemand | x_ProductCode=AWSLambda | x_UsageType=USE1-Request
            row: 9
        "#]],
    );
    let transfer = li("li-09")[0];
    assert!(transfer
        .dims
        .charge_description
        .as_deref()
        .unwrap()
        .contains("free tier,\nUS East"));
    check(
        transfer,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=AWS Data Transfer | category=Networking | subcategory=Network Infrastructure
            charge: category=Usage | frequency=UsageBased | description=$0.09 per GB - first 10 TB / month data transfer out beyond the global free tier,
            US East (N. Virginia)
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-15T00:00:00+00:00..2025-03-16T00:00:00+00:00
            cost: billed=9.00 | effective=9.00 | list=9.00 | contracted=9.00
            pricing: category=Standard | quantity=100 | unit=GB | currency=USD | list_price=0.09 | contracted_price=0.09
            consumed: quantity=100 | unit=GB
            region: id=us-east-1 | name=US East (N. Virginia)
            resource: id=i-0aaa1111 | name=i-0aaa1111 | type=instance
            invoice: id=EUINUS25-000001
            tags: env=prod | team=data
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-09 | x_LineItemType=Usage | x_Operation=RunInstances | x_PricingTerm=OnDemand | x_ProductCode=AWSDataTransfer | x_UsageType=USE1-DataTransfer-Out-Bytes
            row: 10
        "#]],
    );
    let cloudwatch = li("li-10")[0];
    assert!(cloudwatch
        .extras
        .as_deref()
        .unwrap()
        .contains("\"x_UnblendedCost\":\"3.00\""));
    check(
        cloudwatch,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=777788889999 | name=dev | type=Linked Account
            service: name=AmazonCloudWatch | category=Management and Governance | subcategory=Observability
            charge: category=Usage | frequency=UsageBased | description=$0.30 per metric-month - first 10,000 metrics
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-16T00:00:00+00:00..2025-03-17T00:00:00+00:00
            cost: billed=2.85 | effective=2.85 | list=3.00 | contracted=2.85
            pricing: category=Standard | quantity=10 | unit=Metrics | currency=USD | list_price=0.30 | contracted_price=0.285
            consumed: quantity=10 | unit=Metrics
            region: id=us-west-2 | name=US West (Oregon)
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-10 | x_LineItemType=Usage | x_Operation=MetricStorage | x_PricingTerm=OnDemand | x_ProductCode=AmazonCloudWatch | x_UnblendedCost=3.00 | x_UsageType=USW2-CW:MetricMonitorUsage
            row: 12
        "#]],
    );

    let tax = li("li-11")[0];
    check(
        tax,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Tax | frequency=Recurring | description=Tax for product code AmazonEC2
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=12.34 | effective=12.34 | list=12.34 | contracted=12.34
            pricing: currency=USD
            region: id=us-east-1 | name=US East (N. Virginia)
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-11 | x_LineItemType=Tax | x_ProductCode=AmazonEC2 | x_TaxType=VAT
            row: 13
        "#]],
    );
    let credit = li("li-12")[0];
    check(
        credit,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Credit | frequency=OneTime | description=AWS Credit, promotional (startup programme)
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=-5.00 | effective=-5.00 | list=-5.00 | contracted=-5.00
            pricing: currency=USD
            region: id=us-east-1 | name=US East (N. Virginia)
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-12 | x_LineItemType=Credit | x_ProductCode=AmazonEC2
            row: 14
        "#]],
    );
    let refund = li("li-13")[0];
    check(
        refund,
        expect![[r#"
            provider: name=AWS | publisher=Amazon Web Services, Inc. | issuer=Amazon Web Services, Inc.
            account: id=111122223333 | name=Example Corp | type=Payer Account | currency=USD
            sub_account: id=444455556666 | name=prod | type=Linked Account
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | class=Correction | frequency=OneTime | description=Refund for over-charged instance hours, February
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-02-20T00:00:00+00:00..2025-02-21T00:00:00+00:00
            cost: billed=-1.2096 | effective=-1.2096 | list=-1.2096 | contracted=-1.2096
            pricing: currency=USD
            region: id=us-east-1 | name=US East (N. Virginia)
            invoice: id=EUINUS25-000001
            extras: x_BillType=Anniversary | x_BillingEntity=AWS | x_LineItemId=li-13 | x_LineItemType=Refund | x_ProductCode=AmazonEC2 | x_UsageType=USE1-BoxUsage:m7i.large
            row: 15
        "#]],
    );
    assert!(
        m.lines
            .iter()
            .filter(|l| l.dims.charge_class.is_some())
            .count()
            == 1
    );
}

#[test]
fn aws_legacy_athena_names_are_the_legacy_format() {
    // The legacy CUR's Parquet/Athena column spelling, with per-tag columns.
    let header = Header::new([
        "identity_line_item_id",
        "line_item_line_item_type",
        "line_item_unblended_cost",
        "line_item_usage_start_date",
        "line_item_usage_end_date",
        "line_item_currency_code",
        "line_item_product_code",
        "bill_billing_period_start_date",
        "bill_billing_period_end_date",
        "bill_payer_account_id",
        "product_product_name",
        "resource_tags_user_team",
        "cost_category_owner",
    ]);
    assert_eq!(claims(&header), vec![FormatId::AwsCur]);
    let (format, detected) = formats::detect(&header).unwrap();
    assert_eq!(detected.variant, "legacy CUR, Athena/Parquet column names");
    let mut mapper = format.bind(&header).unwrap();
    let record = StringRecord::from(vec![
        "x1",
        "Usage",
        "1.25",
        "2024-05-01T00:00:00Z",
        "2024-05-02T00:00:00Z",
        "EUR",
        "AmazonEC2",
        "2024-05-01T00:00:00Z",
        "2024-06-01T00:00:00Z",
        "123456789012",
        "Amazon Elastic Compute Cloud",
        "web",
        "platform",
    ]);
    let mut out = Output::default();
    mapper
        .map(
            &Row {
                line: 2,
                header: &header,
                fields: &Rec(&record),
            },
            &mut out,
        )
        .unwrap();
    let l = &out.lines[0];
    check(
        l,
        expect![[r#"
            provider: name=AWS | publisher=AWS | issuer=AWS
            account: id=123456789012 | type=Payer Account | currency=EUR
            service: name=Amazon Elastic Compute Cloud | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased
            periods: billing=2024-05-01T00:00:00+00:00..2024-06-01T00:00:00+00:00 | charge=2024-05-01T00:00:00+00:00..2024-05-02T00:00:00+00:00
            cost: billed=1.25 | effective=1.25 | list=1.25 | contracted=1.25
            pricing: category=Standard | currency=EUR
            tags: team=web
            extras: x_CostCategories={"owner":"platform"} | x_LineItemId=x1 | x_LineItemType=Usage | x_ProductCode=AmazonEC2
            row: 2
        "#]],
    );
    assert_eq!(out.source.as_ref().map(|s| s.amount), Some(dec("1.25")));
}

// ---------------------------------------------------------------- detection

/// The values FOCUS 1.2 constrains, as the FOCUS validator checks them on
/// exports (tests/sample_exports.rs): units in UnitFormat, a unit exactly
/// where there is a quantity, a SKU for every meter, a region name for
/// every region id, a type for every resource, account types.
#[test]
fn aws_lines_in_focus_terms() {
    // Every line; the mapping tests above pin each kind of line whole.
    for name in ["aws-cur2.csv", "aws-cur-legacy.csv"] {
        check_focus_terms(name, &map_file(name).1);
    }

    let (_, m) = map_file("aws-cur-legacy.csv");
    let units: BTreeSet<&str> = m
        .lines
        .iter()
        .filter_map(|l| l.dims.pricing_unit.as_deref())
        .collect();
    assert!(
        units.contains("GB-Months") && units.contains("Object-Months"),
        "{units:?}"
    );
    assert!(!units.contains("GB-Mo"), "{units:?}");
    // CloudShell rows have a region code but no location.
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.region_id.is_none() || l.dims.region_name.is_some()));
}
