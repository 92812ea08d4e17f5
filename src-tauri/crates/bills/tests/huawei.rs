//! Huawei Cloud resource bills with Chinese and English headers.

mod common;

use std::collections::BTreeMap;

use cloudlens_bills::FormatId;
use cloudlens_model::ChargeCategory;
use common::*;
use expect_test::expect;

// ---------------------------------------------------------------------------
// Huawei Cloud

#[test]
fn huawei_resource_bill_by_billing_cycle_in_chinese() {
    let m = run(HUAWEI_ZH);
    assert_eq!(m.format, FormatId::Huawei);
    let expected = raw_totals(
        HUAWEI_ZH,
        "应付金额",
        |_| "CNY".to_string(),
        |r| Some(china_month(r["账期"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2025_01, "CNY".to_string()), dec("3683.63891234"))])
    );

    for l in &m.lines {
        // Only the month is given: the charge period is that UTC+8 month.
        assert_eq!(
            (l.charge_period_start, l.charge_period_end),
            (CN_2025_01, CN_2025_02)
        );
        assert_eq!(l.dims.billing_account_id, "cloudlens_hw");
    }
    let web = m.of("2f0c1a9e-6b1d-4c2e-9a7f-1e2d3c4b5a69", |l| {
        l.dims.charge_category == ChargeCategory::Usage
    });
    check(
        web,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=弹性云服务器 | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=弹性云服务器 云主机
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=898.56000000 | effective=898.56000000 | list=1123.20000000 | contracted=898.56000000
            pricing: category=Standard | currency=CNY
            sku: id=00301-238043-0--0 | meter=云主机
            region: id=cn-north-4 | name=华北-北京四
            resource: id=2f0c1a9e-6b1d-4c2e-9a7f-1e2d3c4b5a69 | name=ecs-prod-web-01 | type=云主机
            tags: env=prod | team=core
            extras: x_BillType=消费-使用 | x_BillingCycle=2025-01 | x_BillingMode=按需 | x_CashCouponDeduction=0.00000000 | x_CashPayment=898.56000000 | x_DiscountAmount=224.64000000 | x_EnterpriseProject=生产环境 | x_EnterpriseProjectId=8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.vm | x_ServiceTypeCode=hws.service.type.ec2 | x_Specification=通用计算增强型 | c7.xlarge.2 | 4vCPUs, 8GiB | linux | x_StoredValueCardDeduction=0.00000000
            row: 1
        "#]],
    );
    let x = extras(web);
    assert_eq!(x["x_EnterpriseProject"], "生产环境");
    assert_eq!(x["x_ServiceTypeCode"], "hws.service.type.ec2");
    assert_eq!(
        x["x_Specification"],
        "通用计算增强型 | c7.xlarge.2 | 4vCPUs, 8GiB | linux"
    );

    let bought = m.of("7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d", |_| true);
    check(
        bought,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=弹性云服务器 | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=弹性云服务器 云主机
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=2064.00000000 | effective=2064.00000000 | list=2580.00000000 | contracted=2064.00000000
            pricing: category=Standard | currency=CNY
            sku: id=00301-238045-0--1 | meter=云主机
            region: id=cn-north-4 | name=华北-北京四
            resource: id=7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d | name=ecs-prod-db-01 | type=云主机
            tags: env=prod | owner=李四 | team=dba
            extras: x_BillType=消费-新购 | x_BillingCycle=2025-01 | x_BillingMode=包年/包月 | x_CashCouponDeduction=500.00000000 | x_CashPayment=1,564.00000000 | x_DiscountAmount=516.00000000 | x_EnterpriseProject=生产环境 | x_EnterpriseProjectId=8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.vm | x_ServiceTypeCode=hws.service.type.ec2 | x_Specification=通用计算增强型 | c7.2xlarge.4 | 8vCPUs, 32GiB | linux | x_StoredValueCardDeduction=0.00000000
            row: 2
        "#]],
    );
    let sp = m.of("3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01", |_| true);
    check(
        sp,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=云数据库 RDS | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=云数据库 RDS RDS实例
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=540.00000000 | effective=540.00000000 | list=600.00000000 | contracted=540.00000000
            pricing: category=Committed | currency=CNY
            sku: id=00301-110601-0--0 | meter=RDS实例
            region: id=cn-south-1 | name=华南-广州
            resource: id=3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01 | name=rds-orders | type=RDS实例
            tags: env=prod | team=data
            extras: x_BillType=消费-节省计划抵扣 | x_BillingCycle=2025-01 | x_BillingMode=按需 | x_CashCouponDeduction=0.00000000 | x_CashPayment=540.00000000 | x_DiscountAmount=60.00000000 | x_EnterpriseProject=生产环境 | x_EnterpriseProjectId=8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.rds.vm | x_ServiceTypeCode=hws.service.type.rds | x_Specification=MySQL 8.0 | 主备 | 4vCPUs, 16GB | x_StoredValueCardDeduction=0.00000000
            row: 6
        "#]],
    );
    let refund = m.of("9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=弹性云服务器 | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=弹性云服务器 云主机
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=-344.00000000 | effective=-344.00000000 | list=-430.00000000 | contracted=-344.00000000
            pricing: category=Standard | currency=CNY
            sku: id=00301-238045-0--1 | meter=云主机
            region: id=cn-north-4 | name=华北-北京四
            resource: id=9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4 | name=ecs-test-old | type=云主机
            tags: env=test
            extras: x_BillType=退订-退款 | x_BillingCycle=2025-01 | x_BillingMode=包年/包月 | x_CashCouponDeduction=0.00000000 | x_CashPayment=-344.00000000 | x_DiscountAmount=-86.00000000 | x_EnterpriseProject=生产环境 | x_EnterpriseProjectId=8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.vm | x_ServiceTypeCode=hws.service.type.ec2 | x_Specification=通用计算型 | s6.large.2 | 2vCPUs, 4GiB | x_StoredValueCardDeduction=0.00000000
            row: 7
        "#]],
    );
    let categories: Vec<ChargeCategory> = m
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some("2f0c1a9e-6b1d-4c2e-9a7f-1e2d3c4b5a69"))
        .map(|l| l.dims.charge_category)
        .collect();
    assert_eq!(
        categories,
        [
            ChargeCategory::Usage,
            ChargeCategory::Adjustment,
            ChargeCategory::Tax
        ]
    );
    let bandwidth = m.of("bw-5e6f7a8b", |_| true);
    check(
        bandwidth,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=虚拟私有云 | category=Networking | subcategory=Network Connectivity
            charge: category=Usage | frequency=UsageBased | description=虚拟私有云 带宽
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=45.67891234 | effective=45.67891234 | list=45.67891234 | contracted=45.67891234
            pricing: category=Standard | currency=CNY
            sku: id=00301-20004-0--0 | meter=带宽
            region: id=cn-north-4 | name=华北-北京四
            resource: id=bw-5e6f7a8b | name=bandwidth-web | type=带宽
            tags: env=prod
            extras: x_BillType=消费-使用 | x_BillingCycle=2025-01 | x_BillingMode=按需 | x_CashCouponDeduction=0.00000000 | x_CashPayment=45.67891234 | x_DiscountAmount=0.00000000 | x_EnterpriseProject=生产环境 | x_EnterpriseProjectId=8f7e6d5c-4b3a-2918-0706-f5e4d3c2b1a0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.bandwidth | x_ServiceTypeCode=hws.service.type.vpc | x_Specification=按流量计费 | 全动态BGP | x_StoredValueCardDeduction=0.00000000
            row: 5
        "#]],
    );
    let alarm = m.of("ces-alarm-notify", |_| true);
    check(
        alarm,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=云监控服务 | category=Management and Governance | subcategory=Observability
            charge: category=Usage | frequency=UsageBased | description=云监控服务 云监控
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=9.99000000 | effective=9.99000000 | list=9.99000000 | contracted=9.99000000
            pricing: category=Standard | currency=CNY
            sku: id=00301-40001-0--0 | meter=云监控
            region: id=cn-north-4 | name=华北-北京四
            resource: id=ces-alarm-notify | name=告警通知,
            短信 | type=云监控
            tags: team=sre
            extras: x_BillType=消费-使用 | x_BillingCycle=2025-01 | x_BillingMode=按需 | x_CashCouponDeduction=0.00000000 | x_CashPayment=9.99000000 | x_DiscountAmount=0.00000000 | x_EnterpriseProject=default | x_EnterpriseProjectId=0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.ces | x_ServiceTypeCode=hws.service.type.ces | x_StoredValueCardDeduction=0.00000000
            row: 10
        "#]],
    );
}

#[test]
fn huawei_english_headers_with_two_currencies() {
    let m = run(HUAWEI_EN);
    assert_eq!(m.variant, "English headers");
    let expected = raw_totals(
        HUAWEI_EN,
        "Amount Due",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["Billing Cycle"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_02, "CNY".to_string()), dec("1807.25")),
            ((CN_2025_02, "USD".to_string()), dec("940.30")),
        ])
    );
    let sg = m.of("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", |l| {
        l.dims.charge_category == ChargeCategory::Usage
    });
    check(
        sg,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_intl | name=cloudlens_intl | type=Account | currency=USD
            service: name=Elastic Cloud Server | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Elastic Cloud Server ECS
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=47.52000000 | effective=47.52000000 | list=52.80000000 | contracted=47.52000000
            pricing: category=Standard | currency=USD
            sku: id=00301-238043-0--0 | meter=ECS
            region: id=ap-southeast-3 | name=AP-Singapore
            resource: id=4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8 | name=sg-api-01 | type=ECS
            tags: app=api | env=prod
            extras: x_BillType=Expenditure-use | x_BillingCycle=2025-02 | x_BillingMode=Pay-per-use | x_CashCouponDeduction=0.00000000 | x_CashPayment=47.52000000 | x_DiscountAmount=5.28000000 | x_EnterpriseProject=default | x_EnterpriseProjectId=0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.vm | x_ServiceTypeCode=hws.service.type.ec2 | x_Specification=General computing-plus | c7.large.2 | 2vCPUs | 4GiB | x_StoredValueCardDeduction=0.00000000
            row: 2
        "#]],
    );
    let kinds: Vec<ChargeCategory> = m
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"))
        .map(|l| l.dims.charge_category)
        .collect();
    assert_eq!(
        kinds,
        [
            ChargeCategory::Usage,
            ChargeCategory::Tax,
            ChargeCategory::Adjustment
        ]
    );
    let refund = m.of("6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_intl | name=cloudlens_intl | type=Account | currency=USD
            service: name=Elastic Cloud Server | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=Elastic Cloud Server ECS
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=-90.00000000 | effective=-90.00000000 | list=-100.00000000 | contracted=-90.00000000
            pricing: category=Standard | currency=USD
            sku: id=00301-238045-0--1 | meter=ECS
            region: id=ap-southeast-3 | name=AP-Singapore
            resource: id=6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0 | name=sg-old-01 | type=ECS
            tags: env=test
            extras: x_BillType=Refund-unsubscription | x_BillingCycle=2025-02 | x_BillingMode=Yearly/Monthly | x_CashCouponDeduction=0.00000000 | x_CashPayment=-90.00000000 | x_DiscountAmount=-10.00000000 | x_EnterpriseProject=default | x_EnterpriseProjectId=0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.vm | x_ServiceTypeCode=hws.service.type.ec2 | x_StoredValueCardDeduction=0.00000000
            row: 5
        "#]],
    );
    let sp = m.of("3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01", |_| true);
    check(
        sp,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=Relational Database Service | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=Relational Database Service RDS instance
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=1200.00000000 | effective=1200.00000000 | list=1500.00000000 | contracted=1200.00000000
            pricing: category=Committed | currency=CNY
            sku: id=00301-110601-0--0 | meter=RDS instance
            region: id=cn-south-1 | name=CN South-Guangzhou
            resource: id=3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01 | name=rds-orders | type=RDS instance
            tags: env=prod | team=data
            extras: x_BillType=Expenditure-savings plans used | x_BillingCycle=2025-02 | x_BillingMode=Savings plan | x_CashCouponDeduction=0.00000000 | x_CashPayment=1,200.00000000 | x_DiscountAmount=300.00000000 | x_EnterpriseProject=default | x_EnterpriseProjectId=0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.rds.vm | x_ServiceTypeCode=hws.service.type.rds | x_Specification=MySQL 8.0 | Primary/Standby | x_StoredValueCardDeduction=0.00000000
            row: 10
        "#]],
    );
    let evs = m.of("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", |_| true);
    check(
        evs,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            service: name=Elastic Volume Service | category=Storage | subcategory=Block Storage
            charge: category=Usage | frequency=UsageBased | description=Elastic Volume Service EVS disk
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=75.25000000 | effective=75.25000000 | list=75.25000000 | contracted=75.25000000
            pricing: category=Standard | currency=CNY
            sku: id=00301-219024-0--0 | meter=EVS disk
            region: id=cn-north-4 | name=CN North-Beijing4
            resource: id=c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f | name=ecs-prod-web-01-volume-0000 | type=EVS disk
            tags: env=prod
            extras: x_BillType=Expenditure-use | x_BillingCycle=2025-02 | x_BillingMode=Pay-per-use | x_CashCouponDeduction=0.00000000 | x_CashPayment=75.25000000 | x_DiscountAmount=0.00000000 | x_EnterpriseProject=default | x_EnterpriseProjectId=0 | x_OutstandingAmount=0.00000000 | x_ResourceTypeCode=hws.resource.type.volume | x_ServiceTypeCode=hws.service.type.ebs | x_Specification=Ultra-high I/O | 100GB | x_StoredValueCardDeduction=0.00000000
            row: 9
        "#]],
    );
}
